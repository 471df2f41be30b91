/**
 * jti hash → exp (epoch seconds) of the tokens IAM issued in this ingest run, so a later line
 * that names only the jti (dCache logs no exp) can be checked for use after exp. Open addressing
 * over a Float64Array of keys and a Uint32Array of exps (12 bytes a slot, no per-entry objects,
 * filled to 70 %): the 520,000 tokens of the 10M-line benchmark week fit in 12 MB. Past
 * MAX_SLOTS (about 2.9 million tokens, 48 MB) it stops remembering and counts what it dropped.
 */
const MIN_SLOTS = 1 << 16;
const MAX_SLOTS = 1 << 22;

/** An ExpTable's entries: jti hashes and their exps, in the same order. */
export interface IssuedExps {
  keys: Float64Array;
  exps: Uint32Array;
}

export class ExpTable {
  #keys = new Float64Array(MIN_SLOTS);
  #exps = new Uint32Array(MIN_SLOTS);
  #size = 0;
  dropped = 0;

  get size(): number {
    return this.#size;
  }

  /** `key` is a 53-bit key hash (index-keys/key-hash.ts); 0 is read as 1 (0 marks a free slot). */
  set(key: number, exp: number): void {
    const k = key === 0 ? 1 : key;
    if (!(exp >= 0 && exp < 2 ** 32)) return; // not an exp a token can have
    let i = this.#slot(k);
    if (this.#keys[i] === 0) {
      if ((this.#size + 1) * 10 > this.#keys.length * 7) {
        if (!this.#grow()) {
          this.dropped++; // full: a new token is not remembered (a known one still is, above)
          return;
        }
        i = this.#slot(k);
      }
      this.#size++;
    }
    this.#keys[i] = k;
    this.#exps[i] = exp;
  }

  /**
   * What the table holds, as two parallel arrays: plain data that crosses between threads, so
   * the parse workers of the files after IAM's know the exps another worker read (parse-in-worker.ts).
   */
  entries(): IssuedExps {
    const keys = new Float64Array(this.#size);
    const exps = new Uint32Array(this.#size);
    let n = 0;
    for (let i = 0; i < this.#keys.length; i++) {
      if (this.#keys[i] === 0) continue;
      keys[n] = this.#keys[i]!;
      exps[n++] = this.#exps[i]!;
    }
    return { keys, exps };
  }

  /** Adds what another worker's table held (`entries()`); a key both know takes the exp given here. */
  load(entries: IssuedExps): void {
    const n = Math.min(entries.keys.length, entries.exps.length);
    for (let i = 0; i < n; i++) this.set(entries.keys[i]!, entries.exps[i]!);
  }

  get(key: number): number | undefined {
    const k = key === 0 ? 1 : key;
    const i = this.#slot(k);
    return this.#keys[i] === k ? this.#exps[i] : undefined;
  }

  /** The slot holding `k`, or the free slot where it belongs. */
  #slot(k: number): number {
    const mask = this.#keys.length - 1;
    let i = (k >>> 0) & mask;
    while (this.#keys[i] !== 0 && this.#keys[i] !== k) i = (i + 1) & mask;
    return i;
  }

  #grow(): boolean {
    if (this.#keys.length >= MAX_SLOTS) return false;
    const keys = this.#keys;
    const exps = this.#exps;
    this.#keys = new Float64Array(keys.length * 2);
    this.#exps = new Uint32Array(keys.length * 2);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (k === 0) continue;
      const j = this.#slot(k);
      this.#keys[j] = k;
      this.#exps[j] = exps[i]!;
    }
    return true;
  }
}
