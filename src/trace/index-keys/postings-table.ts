import { writeDelta } from "./ordinals.js";

/** Postings are stored in this many buckets per segment (by the key's low byte). */
export const POSTING_BUCKETS = 256;
const TWO32 = 0x1_0000_0000;

/**
 * Key → ordinals for one segment, in typed arrays (no allocation per key or per event): an
 * open-addressing hash on the 53-bit key gives each key a slot; each posting is kept as (slot,
 * ordinal) in the order added. `bucketBlobs()` writes one blob per non-empty bucket (see
 * bucket-blob.ts), so a segment of 100,000 events costs at most 256 index rows however many
 * distinct keys it has. It places each key's ordinals together with one counting pass over the
 * postings (a stable scatter: they stay ascending), where a linked list per key made it chase a
 * pointer per posting through memory (bench/RESULTS.md, 2026-11-27).
 */
export class PostingsTable {
  #cap = 1 << 16;
  #hi = new Uint32Array(this.#cap);
  #lo = new Uint32Array(this.#cap);
  /** Slot → its key's postings so far; 0 = an empty slot. */
  #count = new Int32Array(this.#cap);
  /** Slot → its key's last ordinal (the same key twice in one event is kept once). */
  #last = new Int32Array(this.#cap);
  #keys = 0;
  /** The occupied slots, in the order their keys came: the passes over keys skip empty slots. */
  #used = new Int32Array(1 << 15);
  #ord = new Int32Array(1 << 18);
  #slot = new Int32Array(1 << 18);
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
    for (let k = 0; k < this.#keys; k++) this.#count[this.#used[k]!] = 0;
    this.#keys = 0;
    this.#n = 0;
  }

  add(key: number, ord: number): void {
    const hi = Math.floor(key / TWO32);
    const lo = key >>> 0;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & (this.#cap - 1);
    for (;;) {
      const c = this.#count[slot] as number;
      if (c === 0) {
        this.#hi[slot] = hi;
        this.#lo[slot] = lo;
        this.#count[slot] = 1;
        this.#last[slot] = ord;
        this.#push(slot, ord);
        if (this.#keys === this.#used.length) {
          const bigger = new Int32Array(this.#used.length * 2);
          bigger.set(this.#used);
          this.#used = bigger;
        }
        this.#used[this.#keys] = slot;
        if (++this.#keys * 2 > this.#cap) this.#grow();
        return;
      }
      if (this.#lo[slot] === lo && this.#hi[slot] === hi) {
        if (this.#last[slot] === ord) return; // the same key twice in one event
        this.#count[slot] = c + 1;
        this.#last[slot] = ord;
        this.#push(slot, ord);
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
    for (let k = 0; k < this.#keys; k++) {
      const b = (this.#lo[this.#used[k]!] as number) & (POSTING_BUCKETS - 1);
      counts[b] = (counts[b] as number) + 1;
    }
    const starts = new Int32Array(POSTING_BUCKETS + 1);
    for (let b = 0; b < POSTING_BUCKETS; b++)
      starts[b + 1] = (starts[b] as number) + (counts[b] as number);
    const keys = new Float64Array(this.#keys);
    const fill = starts.slice(0, POSTING_BUCKETS);
    for (let k = 0; k < this.#keys; k++) {
      const s = this.#used[k]!;
      const lo = this.#lo[s] as number;
      const b = lo & (POSTING_BUCKETS - 1);
      const at = fill[b] as number;
      keys[at] = (this.#hi[s] as number) * TWO32 + lo;
      fill[b] = at + 1;
    }
    // Keys in blob order (bucket, then ascending); each slot's first place in `grouped`.
    const slots = new Int32Array(this.#keys);
    const place = new Int32Array(this.#cap);
    let at = 0;
    for (let b = 0; b < POSTING_BUCKETS; b++) {
      const from = starts[b] as number;
      const sorted = keys.subarray(from, starts[b + 1]).sort();
      for (let i = 0; i < sorted.length; i++) {
        const s = this.#slotOf(sorted[i] as number);
        slots[from + i] = s;
        place[s] = at;
        at += this.#count[s] as number;
      }
    }
    const grouped = new Int32Array(this.#n);
    for (let p = 0; p < this.#n; p++) {
      const s = this.#slot[p] as number;
      grouped[place[s]!++] = this.#ord[p] as number;
    }
    const out: Array<[number, Uint8Array]> = [];
    let scratch = new Uint8Array(1 << 16);
    let g = 0;
    for (let b = 0; b < POSTING_BUCKETS; b++) {
      const from = starts[b] as number;
      const n = (starts[b + 1] as number) - from;
      if (n === 0) continue;
      const head = 4 + n * 8 + (n + 1) * 4;
      let used = 0;
      const offsets = new Uint32Array(n + 1);
      for (let i = 0; i < n; i++) {
        offsets[i] = used;
        const end = g + (this.#count[slots[from + i]!] as number);
        if (used + (end - g) * 5 > scratch.length) {
          const bigger = new Uint8Array(Math.max(scratch.length * 2, used + (end - g) * 5));
          bigger.set(scratch.subarray(0, used));
          scratch = bigger;
        }
        let prev = -1;
        for (; g < end; g++) {
          const ord = grouped[g] as number;
          used = writeDelta(scratch, used, ord - prev - 1);
          prev = ord;
        }
      }
      offsets[n] = used;
      const blob = new Uint8Array(head + used);
      const view = new DataView(blob.buffer);
      view.setUint32(0, n, true);
      for (let i = 0; i < n; i++) view.setFloat64(4 + i * 8, keys[from + i] as number, true);
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

  #push(slot: number, ord: number): void {
    if (this.#n === this.#ord.length) {
      const o = new Int32Array(this.#n * 2);
      o.set(this.#ord);
      this.#ord = o;
      const x = new Int32Array(this.#n * 2);
      x.set(this.#slot);
      this.#slot = x;
    }
    this.#ord[this.#n] = ord;
    this.#slot[this.#n++] = slot;
  }

  /** Doubles the slots; the postings' slots are renumbered. */
  #grow(): void {
    const old = {
      hi: this.#hi,
      lo: this.#lo,
      count: this.#count,
      last: this.#last,
      cap: this.#cap,
    };
    this.#cap *= 2;
    this.#hi = new Uint32Array(this.#cap);
    this.#lo = new Uint32Array(this.#cap);
    this.#count = new Int32Array(this.#cap);
    this.#last = new Int32Array(this.#cap);
    const moved = new Int32Array(old.cap);
    for (let k = 0; k < this.#keys; k++) {
      const s = this.#used[k]!;
      const hi = old.hi[s] as number;
      const lo = old.lo[s] as number;
      let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & (this.#cap - 1);
      while (this.#count[slot] !== 0) slot = (slot + 1) & (this.#cap - 1);
      this.#hi[slot] = hi;
      this.#lo[slot] = lo;
      this.#count[slot] = old.count[s] as number;
      this.#last[slot] = old.last[s] as number;
      moved[s] = slot;
      this.#used[k] = slot;
    }
    for (let p = 0; p < this.#n; p++) this.#slot[p] = moved[this.#slot[p]!] as number;
  }
}
