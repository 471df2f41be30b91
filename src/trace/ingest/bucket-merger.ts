import type { Worker } from "node:worker_threads";
import { mergeBucket, type KeyBlock } from "../index-keys/key-blocks.js";
import { startWorker } from "./start-worker.js";

/** One bucket's postings (or blocks) of the segments being merged, oldest first. */
export interface BucketRows {
  bucket: number;
  rows: Array<{ seg: number; data: Uint8Array }>;
}

/** One bucket's merged blocks. */
export interface MergedBucket {
  bucket: number;
  blocks: KeyBlock[];
}

/** What the writer sends the merge worker (merge-worker.ts), and what it answers. */
export interface MergeRequest {
  id: number;
  first: number;
  buckets: BucketRows[];
}
export type MergeReply = { id: number; merged: MergedBucket[] } | { id: number; error: string };

/**
 * Postings below this many bytes per call are merged in the calling thread alone: a worker's
 * start (tens of milliseconds) would cost more than it saves.
 */
export const MERGE_WORKER_FROM = 1024 * 1024;

/**
 * The calling thread's share of a call's bytes: the writer also reads the next range and writes
 * and deletes rows while the worker merges (segments.repository.ts `compact`), so the worker
 * takes most.
 */
const LOCAL_SHARE = 0.25;

/** Buckets merged by merge workers in this process (tests check that one did the work). */
let workerBuckets = 0;
export const bucketsMergedByWorkers = (): number => workerBuckets;

/** The worker's heap: a share of one call's buckets and the blocks made of them. */
const LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 256 };

/**
 * Merges buckets' postings into key blocks (mergeBucket) on two threads: the merge that ends an
 * ingest run is CPU work the writer did alone, on one core, while the parse workers had
 * finished and the other core stood idle (8–10 s at the end of the 10M-line week, nearly 6 of
 * them in mergeBucket; bench/RESULTS.md, 2026-11-27). Each call sends about three quarters of
 * its buckets' bytes to a worker thread, merges the rest itself meanwhile, and returns all in
 * bucket order. The worker starts at the first call that is big enough (`workerFrom` bytes); should it
 * fail, its share is merged here, and the calls after it merge everything here: the result is
 * the same, only slower. `close()` stops the worker.
 */
export class BucketMerger {
  #worker: Worker | null = null;
  #broken = false;
  #next = 0;
  readonly #waiting = new Map<number, (r: MergedBucket[] | null) => void>();

  /** `worker`: the worker module beside this one (tests name one that does not exist). */
  constructor(
    private readonly workerFrom = MERGE_WORKER_FROM,
    private readonly worker = "merge-worker",
  ) {}

  async merge(unordered: readonly BucketRows[], first: number): Promise<MergedBucket[]> {
    const buckets = [...unordered].sort((a, b) => a.bucket - b.bucket);
    const local = (b: BucketRows): MergedBucket => ({
      bucket: b.bucket,
      blocks: mergeBucket(b.rows, first),
    });
    const size = (b: BucketRows) => b.rows.reduce((n, r) => n + r.data.length, 0);
    const total = buckets.reduce((n, b) => n + size(b), 0);
    if (this.#broken || buckets.length < 2 || total < this.workerFrom) return buckets.map(local);
    const [mine, theirs] = shares(buckets, size, LOCAL_SHARE);
    const remote = this.#send({ id: this.#next++, first, buckets: theirs });
    const done = mine.map(local);
    const got = (await remote) ?? theirs.map(local);
    return [...done, ...got].sort((a, b) => a.bucket - b.bucket);
  }

  /** Stops the worker; a call still waiting for it merges the worker's share itself. */
  async close(): Promise<void> {
    const w = this.#worker;
    this.#worker = null;
    this.#settle();
    if (w !== null) await w.terminate();
  }

  /**
   * The worker's answer, or null when it failed (then no call uses it again): it could not
   * start (a thread limit), could not be sent the request, answered an error, or exited.
   */
  #send(request: MergeRequest): Promise<MergedBucket[] | null> {
    return new Promise((resolve) => {
      try {
        const worker = this.#start();
        this.#waiting.set(request.id, resolve);
        worker.postMessage(request);
      } catch {
        this.#fail();
        resolve(null);
      }
    });
  }

  /** The worker failed: stopped, and every call waiting for it (and after it) merges here. */
  #fail(): void {
    this.#broken = true;
    const w = this.#worker;
    this.#worker = null;
    void w?.terminate();
    this.#settle();
  }

  /** Answers every call waiting for the worker with null: it merges the share itself. */
  #settle(): void {
    for (const resolve of this.#waiting.values()) resolve(null);
    this.#waiting.clear();
  }

  #start(): Worker {
    if (this.#worker !== null) return this.#worker;
    const worker = startWorker(import.meta.url, this.worker, null, LIMITS);
    const broken = () => {
      if (this.#worker === worker) this.#fail(); // else closed: its exit is expected
    };
    worker.on("message", (m: MergeReply) => {
      if ("error" in m) return broken(); // answers every call waiting, this one too
      const resolve = this.#waiting.get(m.id);
      this.#waiting.delete(m.id);
      workerBuckets += m.merged.length;
      resolve?.(m.merged);
    });
    worker.on("error", broken);
    worker.on("exit", broken);
    this.#worker = worker;
    return worker;
  }
}

/**
 * The buckets in two shares, the first with about `share` of the bytes (each in bucket order).
 */
function shares(
  buckets: readonly BucketRows[],
  size: (b: BucketRows) => number,
  share: number,
): [BucketRows[], BucketRows[]] {
  const out: [BucketRows[], BucketRows[]] = [[], []];
  const load = [0, 0];
  for (const b of buckets) {
    const i = load[0]! * (1 - share) <= load[1]! * share ? 0 : 1;
    out[i].push(b);
    load[i]! += size(b);
  }
  return out;
}
