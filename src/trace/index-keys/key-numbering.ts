/**
 * Numbers distinct key hashes 0, 1, 2 … in the order they are first seen, for the postings
 * merge (key-blocks.ts `mergeBucket`): open addressing with linear probing over typed arrays.
 *
 * Why not a Map: the keys are 53-bit hashes, numbers outside V8's small-integer range, which a
 * Map hashes and boxes one by one. Merging the 10M-line benchmark week's postings (some 26
 * million key look-ups) spent 13 of its 22 seconds after parsing in `mergeBucket`, nearly all in
 * the Map (CPU profile, 2026-11-27).
 *
 * Keys are compared as `Map` compares them (SameValueZero: -0 is 0, NaN is NaN), so a corrupt
 * blob is merged as it was before. All keys of one bucket share their low 8 bits, so the slot is
 * taken from the bits above, spread by a multiplication (Fibonacci hashing).
 */
export class KeyNumbering {
  /** Slot → key. */
  #keys: Float64Array;
  /** Slot → the key's number + 1; 0 = empty slot. */
  #numbers: Int32Array;
  #shift: number;
  #size = 0;

  /**
   * `expected`: about how many distinct keys will come. The table starts with room for up to
   * 2^23 of them (192 MB) and grows past that as keys come.
   */
  constructor(expected: number) {
    let bits = 4;
    while (1 << bits < 2 * expected && bits < 24) bits++;
    this.#keys = new Float64Array(1 << bits);
    this.#numbers = new Int32Array(1 << bits);
    this.#shift = 32 - bits;
  }

  /** Distinct keys numbered so far. */
  get size(): number {
    return this.#size;
  }

  /** The number of `key`: the next one when the key is new. */
  number(key: number): number {
    const found = this.find(key);
    if (found >= 0) return found;
    if (2 * (this.#size + 1) > this.#keys.length) this.#grow();
    this.#put(key, this.#size);
    return this.#size++;
  }

  /** The number of `key`, or -1 when it was never numbered. */
  find(key: number): number {
    const keys = this.#keys;
    const numbers = this.#numbers;
    const mask = keys.length - 1;
    for (let i = this.#slot(key); ; i = (i + 1) & mask) {
      const n = numbers[i]!;
      if (n === 0) return -1;
      const k = keys[i]!;
      if (k === key || (k !== k && key !== key)) return n - 1;
    }
  }

  #slot(key: number): number {
    return Math.imul((key / 256) >>> 0, 0x9e3779b1) >>> this.#shift;
  }

  #put(key: number, number: number): void {
    const mask = this.#keys.length - 1;
    let i = this.#slot(key);
    while (this.#numbers[i] !== 0) i = (i + 1) & mask;
    this.#keys[i] = key;
    this.#numbers[i] = number + 1;
  }

  #grow(): void {
    const [keys, numbers] = [this.#keys, this.#numbers];
    this.#keys = new Float64Array(keys.length * 2);
    this.#numbers = new Int32Array(keys.length * 2);
    this.#shift--;
    for (let i = 0; i < keys.length; i++) {
      if (numbers[i] !== 0) this.#put(keys[i]!, numbers[i]! - 1);
    }
  }
}
