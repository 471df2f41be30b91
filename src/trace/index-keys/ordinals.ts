/**
 * Ordinals of a segment's events as increasing unsigned LEB128 deltas: a key seen by 10,000
 * consecutive events costs about 10 kB, a key seen once 1–3 bytes.
 */
export function encodeOrdinals(ords: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(ords.length * 5 + 1); // a delta below 2^35 takes at most 5 bytes
  return out.slice(0, encodeOrdinalsInto(Float64Array.from(ords), 0, ords.length, out, 0));
}

/** The inverse of encodeOrdinals; stops (without throwing) at a truncated tail. */
export function decodeOrdinals(bytes: Uint8Array): number[] {
  const out = new Float64Array(countOrdinals(bytes));
  decodeRange(bytes, 0, bytes.length, out, 0, 0);
  return Array.from(out);
}

/** How many ids decodeOrdinals gives for these bytes. */
function countOrdinals(bytes: Uint8Array): number {
  return decodeRange(bytes, 0, bytes.length, null, 0, 0);
}

/**
 * The ordinals encoded in `bytes[start, end)`, each plus `base`, written into `out` from `at`
 * (only counted when `out` is null); returns the position after the last. One loop with no
 * call per ordinal: merging a week's postings decodes each of their ids twice.
 */
export function decodeRange(
  bytes: Uint8Array,
  start: number,
  end: number,
  out: Float64Array | null,
  at: number,
  base: number,
): number {
  let n = at;
  let prev = -1;
  let i = start;
  const stop = Math.min(end, bytes.length);
  while (i < stop) {
    let d = 0;
    let scale = 1;
    let byte: number;
    do {
      byte = bytes[i++]!;
      d += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80 && i < stop && scale < 2 ** 35);
    if (byte & 0x80) break;
    prev = prev + d + 1;
    if (out !== null) out[n] = base + prev;
    n++;
  }
  return n;
}

/** encodeOrdinals into `out` from `at` (room for 5 bytes an id needed); returns the end. */
export function encodeOrdinalsInto(
  ords: Float64Array,
  from: number,
  to: number,
  out: Uint8Array,
  at: number,
): number {
  let n = at;
  let prev = -1;
  for (let k = from; k < to; k++) {
    const ord = ords[k]!;
    n = writeDelta(out, n, ord - prev - 1);
    prev = ord;
  }
  return n;
}

/**
 * One delta as unsigned LEB128 at `at`; returns the position after it. Deltas stay below 2^32
 * (ordinals below 2^20, a group's relative ids below 2^30); `>>>` would cut a larger one.
 */
export function writeDelta(out: Uint8Array, at: number, delta: number): number {
  let n = at;
  let d = delta;
  while (d >= 0x80) {
    out[n++] = (d & 0x7f) | 0x80;
    d >>>= 7;
  }
  out[n++] = d;
  return n;
}
