import type { IssuedExps } from "../alerts/exp-table.js";
import type { BadLines } from "./bad-lines.js";
import type { ParseCounters } from "./parse-run.js";
import type { SegmentBatch } from "./segment-builder.js";
import type { BadTallyRow, CheckpointUpdate } from "./segments.repository.js";

/**
 * What the parse worker tells the ingest service. A segment's arrays, its packed event data
 * (packed-texts.ts) included, are transferred, not copied.
 */
export type WorkerMessage =
  | { type: "segment"; batch: SegmentBatch; checkpoints: CheckpointUpdate[]; bad: BadTallyRow[] }
  | { type: "progress"; bytes: number; lines: number; file: string }
  | {
      type: "done";
      counters: ParseCounters;
      badTotal: number;
      badByReason: Record<string, number>;
      badReport: ReturnType<BadLines["report"]>;
      /** The exps of the tokens issued in the files it read (IAM's), when it watched. */
      issued: IssuedExps | null;
    }
  /** `code` and `status` when the failure was a TttError, so the user gets its stable code. */
  | { type: "error"; message: string; code?: string; status?: number };
