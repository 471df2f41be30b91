/**
 * Compact storage for the ban index: one numbered slot per ban, its numeric fields in one
 * Float64Array record of 8 numbers (64 bytes, about one cache line). A million bans as ordinary
 * objects would cost a header, a boxed number per time field and a pointer per field each; here
 * a slot costs its record, two pointers (id and key) and the id string, times stay exact epoch
 * milliseconds, and the hash maps hold small-integer slot numbers. One record rather than one
 * array per field, so checking a candidate ban touches one or two cache lines, not eight.
 */

/** Interns values by a string key with reference counts, so equal reasons or site lists
 * loaded from a database as separate strings are stored once, and freed with their last ban. */
export class InternPool<T> {
  private readonly ids = new Map<string, number>();
  private readonly values: (T | undefined)[] = [];
  private readonly keys: (string | undefined)[] = [];
  private readonly refs: number[] = [];
  private readonly free: number[] = [];

  /** The id of `key`'s value, creating it with `make` on first use; counts one reference. */
  intern(key: string, make: (key: string) => T): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.free.pop() ?? this.values.length;
      this.values[id] = make(key);
      this.keys[id] = key;
      this.refs[id] = 0;
      this.ids.set(key, id);
    }
    this.refs[id] = (this.refs[id] ?? 0) + 1;
    return id;
  }

  get(id: number): T {
    return this.values[id] as T;
  }

  /** Drops one reference; the value is forgotten with its last one. */
  release(id: number): void {
    const left = (this.refs[id] ?? 1) - 1;
    this.refs[id] = left;
    if (left > 0) return;
    this.ids.delete(this.keys[id] as string);
    this.values[id] = undefined;
    this.keys[id] = undefined;
    this.free.push(id);
  }

  get size(): number {
    return this.ids.size;
  }
}

/** No slot: the end of a chain; also "all sites" in the SITES field. */
export const NIL = -1;

/** Offsets of the fields in a slot's record (`slot * STRIDE + field`). */
export const STARTS = 0; // epoch ms, inclusive
export const EXPIRES = 1; // epoch ms, exclusive; Infinity = never
export const CUTOFF = 2; // identity-before: T in epoch ms (iat ≤ T matches); NaN otherwise
export const KIND = 3; // index into BAN_KINDS, plus SITED for a ban limited to sites
export const BUCKET = 4; // index of the issuer bucket (the interned iss)
export const NEXT = 5; // next slot with the same key, or NIL
export const PREV = 6; // previous slot with the same key, or NIL
export const REASON = 7; // InternPool id of the reason
export const STRIDE = 8;

/**
 * Added to KIND when the ban is limited to sites, so a match looks its site list up (in
 * `BanSlots.sites`) only for the few bans that have one. Kind codes are below 8.
 */
export const SITED = 8;

/**
 * The slots. Bans that share a hash key (same iss and jti, say, but different sites) form a
 * doubly linked chain through NEXT/PREV, so the maps store only the head slot and removing
 * any ban is O(1).
 */
export class BanSlots {
  capacity = 0;
  rec = new Float64Array(0);
  /** Ban id per slot; undefined = free slot. */
  readonly ids: (string | undefined)[] = [];
  /** The hash key (jti, sub, client id, group) per slot, shared with the map's own key. */
  readonly keys: (string | undefined)[] = [];
  /** InternPool id of the slot's site list, for SITED slots only (rare, so kept apart). */
  readonly sites = new Map<number, number>();
  /** Slots below this have been used at least once. */
  highWater = 0;
  private readonly free: number[] = [];

  constructor(initialCapacity = 1024) {
    this.grow(Math.max(16, initialCapacity));
  }

  /** A free slot, growing the record array (doubling) when all are taken. */
  alloc(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.highWater === this.capacity) this.grow(this.capacity * 2);
    return this.highWater++;
  }

  release(slot: number): void {
    this.ids[slot] = undefined;
    this.keys[slot] = undefined;
    this.sites.delete(slot);
    this.free.push(slot);
  }

  private grow(capacity: number): void {
    const rec = new Float64Array(capacity * STRIDE);
    rec.set(this.rec);
    this.rec = rec;
    this.capacity = capacity;
  }
}
