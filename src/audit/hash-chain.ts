import { createHash } from "node:crypto";
import type { AuditLogTable } from "../store/tables/audit.tables.js";

export const GENESIS_HASH = "0".repeat(64);

/** An audit entry as stored: before/after are JSON text. */
export type ChainedEntry = AuditLogTable;

/**
 * The hash of one entry covers every stored field and the previous hash, as a JSON array so no
 * choice of field content can make two different entries hash alike.
 */
export function entryHash(e: Omit<ChainedEntry, "hash">): string {
  const material = JSON.stringify([
    e.seq,
    e.at,
    e.actor,
    e.action,
    e.target,
    e.before,
    e.after,
    e.prev_hash,
  ]);
  return createHash("sha256").update(material).digest("hex");
}

export type ChainVerdict =
  | { ok: true; entries: number; head: string }
  | { ok: false; entries: number; brokenAt: number; problem: string };

/**
 * Checks entries one at a time, in seq order, and keeps the first broken link: a gap in seq,
 * a prev_hash that is not the previous entry's hash, or a hash that does not match the
 * entry's content. Streaming, so a long chain is never held in memory.
 */
export class ChainVerifier {
  private prev = GENESIS_HASH;
  private count = 0;
  private broken: ChainVerdict | undefined;

  /** Returns false once the chain is broken (further entries are ignored). */
  push(e: ChainedEntry): boolean {
    if (this.broken !== undefined) return false;
    this.count++;
    const fail = (problem: string) => {
      this.broken = { ok: false, entries: this.count, brokenAt: e.seq, problem };
      return false;
    };
    if (e.seq !== this.count) {
      return fail(`expected entry ${this.count}, found ${e.seq} (entries removed or reordered)`);
    }
    if (e.prev_hash !== this.prev)
      return fail("prev_hash does not match the previous entry's hash");
    if (entryHash(e) !== e.hash) return fail("content does not match its hash (entry altered)");
    this.prev = e.hash;
    return true;
  }

  result(): ChainVerdict {
    return this.broken ?? { ok: true, entries: this.count, head: this.prev };
  }
}

/** The verdict over a whole in-memory chain. */
export function verifyChain(entries: Iterable<ChainedEntry>): ChainVerdict {
  const verifier = new ChainVerifier();
  for (const e of entries) if (!verifier.push(e)) break;
  return verifier.result();
}
