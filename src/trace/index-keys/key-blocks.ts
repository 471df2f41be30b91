import { SEGMENT_SPAN } from "../ingest/segment-builder.js";
import { countOrdinals, decodeOrdinalsAt, encodeOrdinals } from "./ordinals.js";

/** Segments merged into one block group at most: relative ids stay below 2^30. */
export const MAX_GROUP_SEGMENTS = 1024;
/** About this many bytes of id lists make a block (a hot key gets a block of its own). */
const BLOCK_BYTES = 8192;

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
): KeyBlock[] {
  // Two passes, so every id goes into one typed array rather than an array per key: a week of
  // logs merges ~1,000 segments at once, and a list per key made the merge the run's memory peak.
  // First how many ids each key has, then (the map now holding where each key's next id goes)
  // the ids themselves, segment after segment, so each key's ids stay in ascending order.
  const next = new Map<number, number>();
  let total = 0;
  for (const { data } of rows) {
    forEachKey(data, (key, ords) => {
      const n = countOrdinals(ords);
      next.set(key, (next.get(key) ?? 0) + n);
      total += n;
    });
  }
  const keys = Float64Array.from(next.keys()).sort();
  const starts = new Float64Array(keys.length + 1);
  for (let i = 0; i < keys.length; i++) {
    starts[i + 1] = starts[i]! + next.get(keys[i]!)!;
    next.set(keys[i]!, starts[i]!);
  }
  const ids = new Float64Array(total);
  for (const { seg, data } of rows) {
    const base = (seg - firstSeg) * SEGMENT_SPAN;
    forEachKey(data, (key, ords) =>
      next.set(key, decodeOrdinalsAt(ords, ids, next.get(key)!, base)),
    );
  }
  const out: KeyBlock[] = [];
  let from = 0;
  let bytes = 0;
  const encoded: Uint8Array[] = [];
  for (let i = 0; i < keys.length; i++) {
    const e = encodeOrdinals(ids.subarray(starts[i], starts[i + 1]));
    encoded.push(e);
    bytes += e.length + 12;
    if (bytes >= BLOCK_BYTES || i === keys.length - 1) {
      out.push(block(keys.subarray(from, i + 1), encoded));
      encoded.length = 0;
      bytes = 0;
      from = i + 1;
    }
  }
  return out;
}

function block(keys: Float64Array, lists: readonly Uint8Array[]): KeyBlock {
  const n = keys.length;
  const head = 4 + n * 8 + (n + 1) * 4;
  const used = lists.reduce((s, l) => s + l.length, 0);
  const data = new Uint8Array(head + used);
  const view = new DataView(data.buffer);
  view.setUint32(0, n, true);
  let at = 0;
  for (let i = 0; i < n; i++) {
    view.setFloat64(4 + i * 8, keys[i]!, true);
    view.setUint32(4 + n * 8 + i * 4, at, true);
    data.set(lists[i]!, head + at);
    at += lists[i]!.length;
  }
  view.setUint32(4 + n * 8 + n * 4, at, true);
  return { lo: keys[0]!, hi: keys[n - 1]!, data };
}

/** Each key of a bucket blob with its encoded ordinals (decoded by the caller, into its list). */
function forEachKey(blob: Uint8Array, fn: (key: number, ords: Uint8Array) => void): void {
  if (blob.length < 4) return;
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const n = view.getUint32(0, true);
  const head = 4 + n * 8 + (n + 1) * 4;
  if (head > blob.length) return;
  for (let i = 0; i < n; i++) {
    const start = view.getUint32(4 + n * 8 + i * 4, true);
    const end = view.getUint32(4 + n * 8 + (i + 1) * 4, true);
    if (start > end || head + end > blob.length) return;
    fn(view.getFloat64(4 + i * 8, true), blob.subarray(head + start, head + end));
  }
}
