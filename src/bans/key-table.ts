/**
 * The ban index's hash table: (issuer bucket, key class, key) → head slot of the chain of bans
 * with that key. Open addressing with linear probing over one Int32Array of (hash, head) pairs,
 * hashed with the key filter's own hash, which a look-up has computed anyway.
 *
 * Why not a Map per issuer and class, as before: a JavaScript Map hashes a string with V8's
 * own hash, computed over the whole string the first time the string is used as a key. Claims
 * that JSON.parse has just made are all new strings, so every look-up of a decision point that
 * serves requests paid that hash (and the filter's) again; here the filter's hash is reused.
 * A pair per entry keeps hash and head in one cache line, and the table holds no key strings:
 * a candidate's key, bucket and class are read from its head slot, which the match reads next
 * anyway. At most half full (so a miss ends after about two probes), it costs 16 bytes per
 * distinct key at worst, against about 30 for a Map entry.
 *
 * Deletion shifts later entries back (no tombstones), so a table that sees many bans come and
 * go never fills up with dead entries.
 */
import { NIL } from "./ban-slots.js";
import { GOLDEN, mix } from "./key-filter.js";

/** 0 marks an empty entry; a stored hash always has its top bit set, so it is never 0. */
const EMPTY = 0;
const OCCUPIED = 0x80000000;

/**
 * The table hash of a key with key-filter hash `keyHash` in issuer bucket `bucket` under key
 * class `cls`: never 0, and its low bits (the home entry) untouched by the occupied mark.
 */
export function entryHash(keyHash: number, bucket: number, cls: number): number {
  return mix(keyHash ^ Math.imul(bucket * 8 + cls + 1, GOLDEN)) | OCCUPIED;
}

/** Tells whether the chain headed by `head` holds `key.slice(0, end)` in `bucket` and `cls`. */
export type HeadMatcher = (
  head: number,
  key: string,
  end: number,
  bucket: number,
  cls: number,
) => boolean;

export class KeyTable {
  /** Pairs: [2e] the entry's hash (EMPTY when free), [2e + 1] its head slot. */
  private pairs: Int32Array;
  private mask: number;
  /** Distinct keys held. */
  size = 0;

  constructor(
    capacity: number,
    private readonly sameKey: HeadMatcher,
  ) {
    let entries = 16;
    while (entries < 2 * capacity) entries *= 2;
    this.pairs = new Int32Array(2 * entries);
    this.mask = entries - 1;
  }

  /** The entry of `key.slice(0, end)` in `bucket` and `cls`, or -1 if none; `hash` from entryHash. */
  find(hash: number, key: string, end: number, bucket: number, cls: number): number {
    const pairs = this.pairs;
    const mask = this.mask;
    for (let e = hash & mask; ; e = (e + 1) & mask) {
      const stored = pairs[2 * e]!;
      if (stored === EMPTY) return -1;
      if (stored === hash && this.sameKey(pairs[2 * e + 1]!, key, end, bucket, cls)) return e;
    }
  }

  /** The head slot of entry `e` (from `find`). */
  head(e: number): number {
    return this.pairs[2 * e + 1]!;
  }

  /** Points entry `e` (from `find`) at a new head slot. */
  setHead(e: number, slot: number): void {
    this.pairs[2 * e + 1] = slot;
  }

  /** Adds an entry for a key `find` did not find, with `slot` as the head of its chain. */
  insert(hash: number, slot: number): void {
    if (2 * (this.size + 1) > this.mask + 1) this.grow();
    this.place(hash, slot);
    this.size++;
  }

  /** Removes entry `e` (from `find`), moving back later entries so no probe sequence breaks. */
  delete(e: number): void {
    const pairs = this.pairs;
    const mask = this.mask;
    let hole = e;
    for (let next = (hole + 1) & mask; pairs[2 * next] !== EMPTY; next = (next + 1) & mask) {
      const home = pairs[2 * next]! & mask;
      // The entry at `next` may fill the hole only if its home is not in (hole, next]: a
      // probe for it starts at home and must still pass the hole on its way to it.
      const between = hole <= next ? home > hole && home <= next : home > hole || home <= next;
      if (between) continue;
      pairs[2 * hole] = pairs[2 * next]!;
      pairs[2 * hole + 1] = pairs[2 * next + 1]!;
      hole = next;
    }
    pairs[2 * hole] = EMPTY;
    pairs[2 * hole + 1] = NIL;
    this.size--;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.pairs.byteLength;
  }

  private place(hash: number, slot: number): void {
    const pairs = this.pairs;
    const mask = this.mask;
    let e = hash & mask;
    while (pairs[2 * e] !== EMPTY) e = (e + 1) & mask;
    pairs[2 * e] = hash;
    pairs[2 * e + 1] = slot;
  }

  private grow(): void {
    const old = this.pairs;
    this.pairs = new Int32Array(2 * old.length);
    this.mask = old.length - 1;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] !== EMPTY) this.place(old[i]!, old[i + 1]!);
    }
  }
}
