import { decodeOrdinals } from "./ordinals.js";

/**
 * One bucket of a segment's postings as a blob: `n` (u32), the keys ascending (f64 — they are
 * 53-bit integers), `n + 1` offsets (u32) into the ordinal lists, then the lists. A look-up is a
 * binary search; nothing is parsed but the one list it needs.
 */
export function encodeBucket(entries: ReadonlyArray<readonly [number, Uint8Array]>): Uint8Array {
  const n = entries.length;
  let listBytes = 0;
  for (const [, ords] of entries) listBytes += ords.length;
  const head = 4 + n * 8 + (n + 1) * 4;
  const out = new Uint8Array(head + listBytes);
  const view = new DataView(out.buffer);
  view.setUint32(0, n, true);
  let off = 0;
  for (let i = 0; i < n; i++) {
    const [key, ords] = entries[i] as readonly [number, Uint8Array];
    view.setFloat64(4 + i * 8, key, true);
    view.setUint32(4 + n * 8 + i * 4, off, true);
    out.set(ords, head + off);
    off += ords.length;
  }
  view.setUint32(4 + n * 8 + n * 4, off, true);
  return out;
}

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
