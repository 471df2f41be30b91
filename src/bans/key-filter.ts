/**
 * A blocked Bloom filter over the index's keys (jti, sub, client ids, groups): "certainly not
 * banned" in one cache line, so a clean token — nearly every token — skips the big hash maps.
 *
 * Why: with a million bans, a Map miss costs several cache misses (bucket, entry, candidate key
 * string), and a clean decision would pay that for jti, sub and client id each. The filter's
 * three bits for a key sit in one 64-byte block, so a negative answer costs one memory access
 * plus hashing 16 characters. 16 bits per key give about 0.5 % false positives, which
 * then simply take the Map look-up; a filter can never make a banned key look clean.
 *
 * Keys are never deleted (a Bloom filter can't); removed keys only add false positives until
 * the owner rebuilds it, which BanIndex does when stale keys outnumber live ones.
 */

const BITS_PER_KEY = 16;
const BLOCK_WORDS = 16; // 16 × 32 bits = 512 bits = one 64-byte cache line
/**
 * Hashed characters: the last 16 and the length. A consistent sample is all a filter needs, and
 * keys differ at the end (UUIDs are random throughout; "/atlas/production" and "/atlas/users",
 * client-17 and client-18, differ last), so collisions of the sample only cost a Map look-up.
 * Characters are taken two at a time into two interleaved FNV-1a lanes: four dependent
 * multiplications per lane for 16 characters. The second character of a pair is first spread
 * over all 32 bits by its own multiplication (off the dependent chain): shifted into the high
 * half instead, it could never reach the low bits, since a multiplication carries bits upwards
 * only, and keys differing only there collided far more often (counter-like keys: 1.4 % false
 * positives instead of 0.25 %).
 */
const HASHED_CHARS = 16;
const FNV_PRIME = 0x01000193;
export const GOLDEN = 0x9e3779b1;

/**
 * The hash of `s.slice(0, end)`, read in place. The filter and the index's KeyTable share it,
 * so a look-up hashes each key once.
 */
export function keyHash(s: string, end: number): number {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  let i = end > HASHED_CHARS ? end - HASHED_CHARS : 0;
  for (; i + 3 < end; i += 4) {
    a = Math.imul(a ^ s.charCodeAt(i) ^ Math.imul(s.charCodeAt(i + 1), GOLDEN), FNV_PRIME);
    b = Math.imul(b ^ s.charCodeAt(i + 2) ^ Math.imul(s.charCodeAt(i + 3), GOLDEN), FNV_PRIME);
  }
  for (; i < end; i++) a = Math.imul(a ^ s.charCodeAt(i), FNV_PRIME);
  return Math.imul(a ^ end, FNV_PRIME) ^ Math.imul(b, 0x5bd1e995);
}

/**
 * murmur3's finaliser: spreads FNV's bits so block and bit choices are independent (and the
 * key table's index bits from the issuer and class mixed in). Unsigned.
 */
export function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class KeyFilter {
  private readonly words: Uint32Array;
  private readonly blockMask: number;
  /** How many keys it was sized for; more make it less selective. */
  readonly capacity: number;
  /** Keys added since it was built (live or since removed). */
  added = 0;

  constructor(capacity: number) {
    this.capacity = Math.max(1024, capacity);
    let blocks = 1;
    while (blocks * BLOCK_WORDS * 32 < this.capacity * BITS_PER_KEY) blocks *= 2;
    this.words = new Uint32Array(blocks * BLOCK_WORDS);
    this.blockMask = blocks - 1;
  }

  /** A filter of every defined key in `keys`, sized for `capacity` keys. */
  static of(keys: readonly (string | undefined)[], capacity: number): KeyFilter {
    const filter = new KeyFilter(capacity);
    for (const key of keys) if (key !== undefined) filter.add(key);
    return filter;
  }

  /** Whether adding one more key keeps the false-positive rate at its design value. */
  get full(): boolean {
    return this.added >= this.capacity;
  }

  add(key: string): void {
    const h = keyHash(key, key.length);
    const base = (mix(h) & this.blockMask) * BLOCK_WORDS;
    const g = mix(h ^ 0x9e3779b9);
    for (let j = 0; j < 27; j += 9) {
      const bit = (g >>> j) & 511;
      this.words[base + (bit >>> 5)]! |= 1 << (bit & 31);
    }
    this.added++;
  }

  /** False: the key was never added. True: it may have been. */
  mayHave(key: string): boolean {
    return this.mayHaveHash(keyHash(key, key.length));
  }

  /**
   * `mayHave` of the key whose `keyHash` is `h` (a group's parent path is hashed in place, with
   * no substring made). Whether all three bits are set, read together without a branch per bit.
   */
  mayHaveHash(h: number): boolean {
    const base = (mix(h) & this.blockMask) * BLOCK_WORDS;
    const g = mix(h ^ 0x9e3779b9);
    const w = this.words;
    const b0 = g & 511;
    const b1 = (g >>> 9) & 511;
    const b2 = (g >>> 18) & 511;
    // `x >>> b` shifts by b mod 32: the bit's position within its word.
    const all =
      (w[base + (b0 >>> 5)]! >>> b0) &
      (w[base + (b1 >>> 5)]! >>> b1) &
      (w[base + (b2 >>> 5)]! >>> b2);
    return (all & 1) === 1;
  }

  /** Bytes held by the bit array. */
  get bytes(): number {
    return this.words.byteLength;
  }
}
