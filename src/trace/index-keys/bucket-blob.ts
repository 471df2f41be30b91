import { decodeOrdinals } from "./ordinals.js";

/**
 * One bucket of a segment's postings is a blob: `n` (u32), the keys ascending (f64 — they are
 * 53-bit integers), `n + 1` offsets (u32) into the ordinal lists, then the lists (increasing
 * LEB128 deltas, ordinals.ts). PostingsTable.bucketBlobs() writes it; a look-up is a binary
 * search and decodes only the one list it needs.
 */
/** The ordinals of `key` in a bucket blob; empty when absent or when the blob is malformed. */
export function lookupBucket(blob: Uint8Array, key: number): number[] {
  if (blob.length < 4) return [];
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const n = view.getUint32(0, true);
  const head = 4 + n * 8 + (n + 1) * 4;
  if (head > blob.length) return [];
  let lo = 0;
  let hi = n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = view.getFloat64(4 + mid * 8, true);
    if (k < key) lo = mid + 1;
    else if (k > key) hi = mid - 1;
    else {
      const start = view.getUint32(4 + n * 8 + mid * 4, true);
      const end = view.getUint32(4 + n * 8 + (mid + 1) * 4, true);
      if (head + end > blob.length || start > end) return [];
      return decodeOrdinals(blob.subarray(head + start, head + end));
    }
  }
  return [];
}
