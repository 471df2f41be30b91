/**
 * Ordinals of a segment's events as increasing unsigned LEB128 deltas: a key seen by 10,000
 * consecutive events costs about 10 kB, a key seen once 1–3 bytes.
 */
export function encodeOrdinals(ords: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(ords.length * 5 + 1); // a delta below 2^35 takes at most 5 bytes
  let n = 0;
  let prev = -1;
  for (let k = 0; k < ords.length; k++) {
    const ord = ords[k]!;
    let d = ord - prev - 1;
    prev = ord;
    while (d >= 0x80) {
      out[n++] = (d & 0x7f) | 0x80;
      d >>>= 7;
    }
    out[n++] = d;
  }
  return out.slice(0, n);
}

/** The inverse of encodeOrdinals; stops (without throwing) at a truncated tail. */
export function decodeOrdinals(bytes: Uint8Array): number[] {
  const ords: number[] = [];
  forEachOrdinal(bytes, (ord) => ords.push(ord));
  return ords;
}

/**
 * decodeOrdinals into `out` from position `at`, each plus `base`; returns the position after the
 * last. The caller sizes `out` with countOrdinals, which follows the same rules.
 */
export function decodeOrdinalsAt(
  bytes: Uint8Array,
  out: Float64Array,
  at: number,
  base: number,
): number {
  let n = at;
  forEachOrdinal(bytes, (ord) => (out[n++] = base + ord));
  return n;
}

/** How many ids decodeOrdinals gives for these bytes. */
export function countOrdinals(bytes: Uint8Array): number {
  let n = 0;
  forEachOrdinal(bytes, () => n++);
  return n;
}

function forEachOrdinal(bytes: Uint8Array, fn: (ord: number) => void): void {
  let prev = -1;
  let i = 0;
  while (i < bytes.length) {
    let d = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[i++] ?? 0;
      d += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80 && i < bytes.length && shift < 35);
    if (byte & 0x80) break;
    prev = prev + d + 1;
    fn(prev);
  }
}
