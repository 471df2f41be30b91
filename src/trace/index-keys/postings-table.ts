import { encodeOrdinals } from "./ordinals.js";

/** Postings are stored in this many buckets per segment (by the key's low byte). */
export const POSTING_BUCKETS = 256;
const TWO32 = 0x1_0000_0000;

/**
 * Key → ordinals for one segment, in typed arrays (no allocation per key or per event): an
 * open-addressing hash on the 53-bit key, each key's ordinals as a linked list appended in
 * order. `buckets()` writes one blob per non-empty bucket (see bucket-blob.ts), so a segment of
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

  /** Per bucket, the keys in ascending order with their ordinals encoded. */
  buckets(): Map<number, Array<[number, Uint8Array]>> {
    const out = new Map<number, Array<[number, Uint8Array]>>();
    const ords: number[] = [];
    for (let s = 0; s < this.#cap; s++) {
      let p = this.#head[s] as number;
      if (p === -1) continue;
      const lo = this.#lo[s] as number;
      const key = (this.#hi[s] as number) * TWO32 + lo;
      ords.length = 0;
      while (p !== -1) {
        ords.push(this.#ord[p] as number);
        p = this.#next[p] as number;
      }
      const b = lo & (POSTING_BUCKETS - 1);
      let list = out.get(b);
      if (list === undefined) out.set(b, (list = []));
      list.push([key, encodeOrdinals(ords)]);
    }
    for (const list of out.values()) list.sort((a, b) => a[0] - b[0]);
    return out;
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
