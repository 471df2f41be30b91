import { parentPort, workerData, type TransferListItem } from "node:worker_threads";
import { TttError } from "../../core/errors.js";
import { fileSources } from "./log-source.js";
import { recycleBuffer } from "./packed-texts.js";
import { ParseRun, type FileJob } from "./parse-run.js";
import type { WorkerMessage } from "./worker-protocol.js";
import type { WatchSpec } from "../alerts/event-watch.js";

/**
 * The ingest worker: reads and parses local files (CPU work) while the main thread writes the
 * previous segment (database work), so ingest uses both cores. Double-buffered: the worker
 * builds segment n+1 while segment n is written, and hands n+1 over only once n is acknowledged,
 * so at most two segments are in memory.
 */
const port = parentPort;
if (port === null) throw new Error("parse-worker must run in a worker thread");
const { jobs, watch, reportIssued } = workerData as {
  jobs: FileJob[];
  watch: WatchSpec | null;
  /** Send the exps of the tokens issued in these files back (IAM's logs, read first). */
  reportIssued: boolean;
};
let inFlight = 0;
let wake: (() => void) | null = null;
port.on("message", (m: { type: "ack"; buffer?: ArrayBuffer }) => {
  if (m.type === "ack") {
    if (m.buffer !== undefined) recycleBuffer(m.buffer);
    inFlight--;
    wake?.();
    wake = null;
  }
});
const post = (m: WorkerMessage, transfer: TransferListItem[] = []) => port.postMessage(m, transfer);

let bytes = 0;
let lastTick = 0;
const run = new ParseRun(
  async (batch, checkpoints, bad) => {
    while (inFlight >= 1) await new Promise<void>((r) => (wake = r));
    inFlight++;
    const transfer: TransferListItem[] = [
      batch.times,
      batch.fileIds,
      batch.lines,
      batch.keys,
      batch.keyOrds,
    ].map((a) => a.buffer as ArrayBuffer);
    const f = batch.flagged;
    transfer.push(...[f.ords, f.banned, f.expiredAt].map((a) => a.buffer as ArrayBuffer));
    transfer.push(batch.data.bytes.buffer as ArrayBuffer, batch.data.ends.buffer as ArrayBuffer);
    post({ type: "segment", batch, checkpoints, bad }, transfer);
  },
  (n, file) => {
    bytes += n;
    const now = Date.now();
    if (now - lastTick >= 100) {
      lastTick = now;
      post({ type: "progress", bytes, lines: run.counters.lines, file });
    }
  },
  watch,
);

try {
  for (const job of jobs) {
    if (job.file === null) throw new Error(`${job.path}: the parse worker reads local files only`);
    let gone: unknown = new Error("the file is gone (moved or deleted since the run began)");
    const [source] = await fileSources([job.file], undefined).catch((err: unknown) => {
      gone = err;
      return [];
    });
    // A file gone or unreadable since the run began is a read error of that file (ParseRun.file).
    await run.file(job, (start, onDisk) => {
      if (source === undefined) throw gone;
      return source.open(start, onDisk, job.same);
    });
  }
  await run.flush();
  while (inFlight > 0) await new Promise<void>((r) => (wake = r));
  const issued = reportIssued ? run.issuedExps() : null;
  post(
    {
      type: "done",
      counters: run.counters,
      badTotal: run.bad.total,
      badByReason: run.bad.byReason,
      badReport: run.bad.report(),
      issued,
    },
    issued === null ? [] : [issued.keys.buffer as ArrayBuffer, issued.exps.buffer as ArrayBuffer],
  );
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  post(
    err instanceof TttError
      ? { type: "error", message, code: err.code, status: err.status }
      : { type: "error", message },
  );
}
