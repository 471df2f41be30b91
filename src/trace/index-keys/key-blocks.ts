import { SEGMENT_SPAN } from "../ingest/segment-builder.js";
import { KeyNumbering } from "./key-numbering.js";
import { decodeRange, encodeOrdinalsInto } from "./ordinals.js";

/** Segments merged into one block group at most: relative ids stay below 2^30. */
export const MAX_GROUP_SEGMENTS = 1024;
/**
 * About this many bytes of id lists (and 12 per key) make a block; a hot key gets a block of
 * its own. A look-up reads one block per key and group whole, so blocks are small: 2 KiB fits
 * in one 16 KiB page with room to spare, where 8 KiB blocks (before 2026-11-27) spilled into
 * overflow pages and made a trace of a few hundred keys read megabytes (bench/RESULTS.md).
 */
export const BLOCK_BYTES = 2048;

/** One row of trace_key_blocks: keys `lo`..`hi` of a bucket, in the bucket-blob layout. */
export interface KeyBlock {
  lo: number;
  hi: number;
  data: Uint8Array;
}

/**
 * Merges one bucket's blobs of several segments (ascending segment ids, all ≥ `firstSeg`) into
 * blocks (pure). Values are ids relative to the group's first segment, `(seg − firstSeg) × 2^20 +
 * ordinal`, so the bucket-blob reader (lookupBucket) reads a block as it reads a segment's blob.
 */
export function mergeBucket(
  rows: ReadonlyArray<{ seg: number; data: Uint8Array }>,
  firstSeg: number,
  blockBytes = BLOCK_BYTES,
): KeyBlock[] {
  // Two passes over the blobs, so every id goes into one typed array rather than an array per
  // key (a week of logs merges ~1,000 segments at once). The first numbers the distinct keys,
  // counts each one's ids and notes the number of every key it visits; the second visits the
  // same keys in the same order and decodes their ids where the count put them. Each key's ids
  // stay ascending, segment after segment.
  const visited = new Int32Array(rows.reduce((n, r) => n + keyCount(r.data), 0));
  const index = new KeyNumbering(Math.min(visited.length, 1 << 18));
  let keys: Float64Array = new Float64Array(1024);
  let counts: Float64Array = new Float64Array(1024);
  let v = 0;
  for (const { data } of rows) {
    const blob = blobView(data);
    for (let i = 0; i < blob.n; i++) {
      const range = listRange(blob, i);
      if (range === null) break;
      const key = blob.view.getFloat64(4 + i * 8, true);
      const k = index.number(key);
      if (k === index.size - 1) {
        if (k === keys.length) [keys, counts] = [grow(keys), grow(counts)];
        keys[k] = key + 0; // a (corrupt) -0 is stored as 0, as it was numbered
      }
      counts[k]! += decodeRange(data, range[0], range[1], null, 0, 0);
      visited[v++] = k;
    }
  }
  // Ascending keys; `next[k]` = where key k's next id goes, in that order.
  const sorted = keys.slice(0, index.size).sort();
  const starts = new Float64Array(sorted.length + 1);
  const next = new Float64Array(sorted.length);
  for (let r = 0; r < sorted.length; r++) {
    const k = index.find(sorted[r]!);
    next[k] = starts[r]!;
    starts[r + 1] = starts[r]! + counts[k]!;
  }
  const ids = new Float64Array(starts[sorted.length]!);
  v = 0;
  for (const { seg, data } of rows) {
    const base = (seg - firstSeg) * SEGMENT_SPAN;
    const blob = blobView(data);
    for (let i = 0; i < blob.n; i++) {
      const range = listRange(blob, i);
      if (range === null) break;
      const k = visited[v++]!;
      next[k] = decodeRange(data, range[0], range[1], ids, next[k]!, base);
    }
  }
  return cutBlocks(sorted, starts, ids, blockBytes);
}

/** The keys with their id lists (`ids[starts[r], starts[r + 1])`) cut into blocks of ~`blockBytes`. */
function cutBlocks(
  sorted: Float64Array,
  starts: Float64Array,
  ids: Float64Array,
  blockBytes: number,
): KeyBlock[] {
  const out: KeyBlock[] = [];
  let scratch = new Uint8Array(blockBytes * 2);
  const ends: number[] = [];
  let from = 0;
  let used = 0;
  let bytes = 0;
  for (let r = 0; r < sorted.length; r++) {
    const need = used + (starts[r + 1]! - starts[r]!) * 5;
    if (need > scratch.length) {
      const bigger = new Uint8Array(Math.max(need, scratch.length * 2));
      bigger.set(scratch.subarray(0, used));
      scratch = bigger;
    }
    const end = encodeOrdinalsInto(ids, starts[r]!, starts[r + 1]!, scratch, used);
    bytes += end - used + 12;
    used = end;
    ends.push(end);
    if (bytes >= blockBytes || r === sorted.length - 1) {
      out.push(block(sorted.subarray(from, r + 1), ends, scratch));
      ends.length = 0;
      used = 0;
      bytes = 0;
      from = r + 1;
    }
  }
  return out;
}

/** A block of keys whose encoded lists end at `ends` in `scratch` (the first starts at 0). */
function block(keys: Float64Array, ends: readonly number[], scratch: Uint8Array): KeyBlock {
  const n = keys.length;
  const head = 4 + n * 8 + (n + 1) * 4;
  const used = ends[n - 1]!;
  const data = new Uint8Array(head + used);
  const view = new DataView(data.buffer);
  view.setUint32(0, n, true);
  for (let i = 0; i < n; i++) {
    view.setFloat64(4 + i * 8, keys[i]!, true);
    view.setUint32(4 + n * 8 + (i + 1) * 4, ends[i]!, true);
  }
  data.set(scratch.subarray(0, used), head);
  return { lo: keys[0]!, hi: keys[n - 1]!, data };
}

function grow(a: Float64Array): Float64Array {
  const bigger = new Float64Array(a.length * 2);
  bigger.set(a);
  return bigger;
}

/** A bucket blob's header (bucket-blob.ts layout); n = 0 when the blob is too short for it. */
interface BlobView {
  view: DataView;
  n: number;
  head: number;
  length: number;
}

function blobView(blob: Uint8Array): BlobView {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const n = blob.length < 4 ? 0 : view.getUint32(0, true);
  const head = 4 + n * 8 + (n + 1) * 4;
  return { view, n: head > blob.length ? 0 : n, head, length: blob.length };
}

function keyCount(blob: Uint8Array): number {
  return blobView(blob).n;
}

/** Where key i's list lies in the blob, or null when the offsets are malformed (stop there). */
function listRange(b: BlobView, i: number): [number, number] | null {
  const start = b.view.getUint32(4 + b.n * 8 + i * 4, true);
  const end = b.view.getUint32(4 + b.n * 8 + (i + 1) * 4, true);
  if (start > end || b.head + end > b.length) return null;
  return [b.head + start, b.head + end];
}
