import { writeDelta } from "./ordinals.js";

/** Postings are stored in this many buckets per segment (by the key's low byte). */
export const POSTING_BUCKETS = 256;
const TWO32 = 0x1_0000_0000;

/**
 * Key → ordinals for one segment, in typed arrays (no allocation per key or per event): an
 * open-addressing hash on the 53-bit key, each key's ordinals as a linked list appended in
 * order. `bucketBlobs()` writes one blob per non-empty bucket (see bucket-blob.ts), so a segment of
 * 100,000 events costs at most 256 index rows however many distinct keys it has.
 */
export class PostingsTable {
  #cap = 1 << 16;
  #hi = new Uint32Array(this.#cap);
  #lo = new Uint32Array(this.#cap);
  #head = new Int32Array(this.#cap).fill(-1);
  #tail = new Int32Array(this.#cap);
  #keys = 0;
  #ord = new Int32Array(1 << 18);
  #next = new Int32Array(1 << 18);
  #n = 0;

  get size(): number {
    return this.#keys;
  }

  /**
   * Empties the table for the next segment, keeping its arrays (at the size they reached): the
   * writer reuses one table per store instead of leaving 3 MB or more of arrays per segment for
   * the garbage collector (bench/RESULTS.md, 2026-11-27).
   */
  clear(): void {
    this.#head.fill(-1);
    this.#keys = 0;
    this.#n = 0;
  }

  add(key: number, ord: number): void {
    const hi = Math.floor(key / TWO32);
    const lo = key >>> 0;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & (this.#cap - 1);
    for (;;) {
      const h = this.#head[slot] as number;
      if (h === -1) {
        const p = this.#push(ord);
        this.#hi[slot] = hi;
        this.#lo[slot] = lo;
        this.#head[slot] = p;
        this.#tail[slot] = p;
        if (++this.#keys * 2 > this.#cap) this.#grow();
        return;
      }
      if (this.#lo[slot] === lo && this.#hi[slot] === hi) {
        const t = this.#tail[slot] as number;
        if (this.#ord[t] === ord) return; // the same key twice in one event
        const p = this.#push(ord);
        this.#next[t] = p;
        this.#tail[slot] = p;
        return;
      }
      slot = (slot + 1) & (this.#cap - 1);
    }
  }

  /**
   * One blob per non-empty bucket (bucket-blob.ts layout), keys ascending. Keys are sorted with
   * the typed array's native numeric sort and each found again through the hash table, so
   * nothing is allocated per key but its bytes in the blob.
   */
  bucketBlobs(): Array<[number, Uint8Array]> {
    const counts = new Int32Array(POSTING_BUCKETS);
    for (let s = 0; s < this.#cap; s++) {
      if (this.#head[s] === -1) continue;
      const b = (this.#lo[s] as number) & (POSTING_BUCKETS - 1);
      counts[b] = (counts[b] as number) + 1;
    }
    const starts = new Int32Array(POSTING_BUCKETS + 1);
    for (let b = 0; b < POSTING_BUCKETS; b++)
      starts[b + 1] = (starts[b] as number) + (counts[b] as number);
    const keys = new Float64Array(this.#keys);
    const fill = starts.slice(0, POSTING_BUCKETS);
    for (let s = 0; s < this.#cap; s++) {
      if (this.#head[s] === -1) continue;
      const lo = this.#lo[s] as number;
      const b = lo & (POSTING_BUCKETS - 1);
      const at = fill[b] as number;
      keys[at] = (this.#hi[s] as number) * TWO32 + lo;
      fill[b] = at + 1;
    }
    const out: Array<[number, Uint8Array]> = [];
    let scratch = new Uint8Array(1 << 16);
    for (let b = 0; b < POSTING_BUCKETS; b++) {
      const from = starts[b] as number;
      const n = (starts[b + 1] as number) - from;
      if (n === 0) continue;
      const sorted = keys.subarray(from, from + n).sort();
      const head = 4 + n * 8 + (n + 1) * 4;
      let used = 0;
      const offsets = new Uint32Array(n + 1);
      for (let i = 0; i < n; i++) {
        offsets[i] = used;
        let p = this.#head[this.#slotOf(sorted[i] as number)] as number;
        let prev = -1;
        while (p !== -1) {
          if (used + 5 > scratch.length) {
            const bigger = new Uint8Array(scratch.length * 2);
            bigger.set(scratch);
            scratch = bigger;
          }
          const ord = this.#ord[p] as number;
          used = writeDelta(scratch, used, ord - prev - 1);
          prev = ord;
          p = this.#next[p] as number;
        }
      }
      offsets[n] = used;
      const blob = new Uint8Array(head + used);
      const view = new DataView(blob.buffer);
      view.setUint32(0, n, true);
      for (let i = 0; i < n; i++) view.setFloat64(4 + i * 8, sorted[i] as number, true);
      for (let i = 0; i <= n; i++) view.setUint32(4 + n * 8 + i * 4, offsets[i] as number, true);
      blob.set(scratch.subarray(0, used), head);
      out.push([b, blob]);
    }
    return out;
  }

  #slotOf(key: number): number {
    const hi = Math.floor(key / TWO32);
    const lo = key >>> 0;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & (this.#cap - 1);
    while (this.#lo[slot] !== lo || this.#hi[slot] !== hi) slot = (slot + 1) & (this.#cap - 1);
    return slot;
  }

  #push(ord: number): number {
    if (this.#n === this.#ord.length) {
      const o = new Int32Array(this.#n * 2);
      o.set(this.#ord);
      this.#ord = o;
      const x = new Int32Array(this.#n * 2);
      x.set(this.#next);
      this.#next = x;
    }
    const p = this.#n++;
    this.#ord[p] = ord;
    this.#next[p] = -1;
    return p;
  }

  #grow(): void {
    const old = { hi: this.#hi, lo: this.#lo, head: this.#head, tail: this.#tail, cap: this.#cap };
    this.#cap *= 2;
    this.#hi = new Uint32Array(this.#cap);
    this.#lo = new Uint32Array(this.#cap);
    this.#head = new Int32Array(this.#cap).fill(-1);
    this.#tail = new Int32Array(this.#cap);
    for (let s = 0; s < old.cap; s++) {
      if (old.head[s] === -1) continue;
      const hi = old.hi[s] as number;
      const lo = old.lo[s] as number;
      let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & (this.#cap - 1);
      while (this.#head[slot] !== -1) slot = (slot + 1) & (this.#cap - 1);
      this.#hi[slot] = hi;
      this.#lo[slot] = lo;
      this.#head[slot] = old.head[s] as number;
      this.#tail[slot] = old.tail[s] as number;
    }
  }
}
