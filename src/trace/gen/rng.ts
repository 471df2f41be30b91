import { prng } from "../../core/prng.js";

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const HEX_UPPER: string[] = HEX.map((h) => h.toUpperCase());
const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/** The RFC 4122 variant nibble (8-b) followed by a random hex digit, by the top four bits. */
const VARIANT: string[] = Array.from(
  { length: 16 },
  (_, i) => "89ab"[i >> 2]! + (i & 3).toString(16),
);
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Eight lower-case hex digits of a 32-bit value. */
export function hex8(n: number): string {
  return HEX[n >>> 24]! + HEX[(n >>> 16) & 255]! + HEX[(n >>> 8) & 255]! + HEX[n & 255]!;
}

/**
 * A seed for an independent stream, so adding draws to one part of the scenario (the planted
 * compromise, say) does not shift every value drawn elsewhere.
 */
export function deriveSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
}

/**
 * The generator's only source of randomness: mulberry32 (core/prng) with the draws the log
 * scenario needs. Same seed, same draws, same bytes on disk — never Math.random.
 */
export class Rng {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = prng(seed);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next();
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(list: readonly T[]): T {
    const v = list[Math.floor(this.next() * list.length)];
    if (v === undefined) throw new Error("pick from an empty list");
    return v;
  }

  /** Exponentially distributed with the given mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Log-normal around `median` (sigma in natural-log units): file sizes, durations. */
  lognormal(median: number, sigma: number): number {
    const u = 1 - this.next();
    const v = this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(sigma * z);
  }

  /** Poisson count (Knuth; the means used here are small). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.gauss()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  gauss(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** `bytes` random bytes as lower-case hex. */
  hex(bytes: number): string {
    let out = "";
    for (let i = 0; i < bytes; i += 4) out += hex8(this.u32());
    return out.slice(0, bytes * 2);
  }

  /** `bytes` random bytes as upper-case hex (dCache pnfs ids). */
  hexUpper(bytes: number): string {
    let out = "";
    for (let i = 0; i < bytes; i += 4) {
      const v = this.u32();
      out +=
        HEX_UPPER[v >>> 24]! +
        HEX_UPPER[(v >>> 16) & 255]! +
        HEX_UPPER[(v >>> 8) & 255]! +
        HEX_UPPER[v & 255]!;
    }
    return out.slice(0, bytes * 2);
  }

  /** A version-4 UUID (IAM subjects and jtis, request ids). */
  uuid(): string {
    const a = this.u32();
    const b = this.u32();
    const c = this.u32();
    const d = this.u32();
    return (
      hex8(a) +
      "-" +
      HEX[b >>> 24]! +
      HEX[(b >>> 16) & 255]! +
      "-4" +
      HEX[(b >>> 8) & 255]![1]! +
      HEX[b & 255]! +
      "-" +
      VARIANT[c >>> 28]! +
      HEX[(c >>> 16) & 255]! +
      "-" +
      HEX[(c >>> 8) & 255]! +
      HEX[c & 255]! +
      hex8(d)
    );
  }

  /** `n` base64url characters (dCache session ids); five per 32-bit draw. */
  b64url(n: number): string {
    let out = "";
    let bits = 0;
    let left = 0;
    for (let i = 0; i < n; i++) {
      if (left === 0) {
        bits = this.u32();
        left = 5;
      }
      out += B64URL[bits & 63];
      bits >>>= 6;
      left--;
    }
    return out;
  }

  /** `n` alphanumeric characters (ARC job ids, dCache sessions); five per 32-bit draw. */
  alnum(n: number): string {
    let out = "";
    let v = 0;
    let left = 0;
    for (let i = 0; i < n; i++) {
      if (left === 0) {
        v = this.u32();
        left = 5;
      }
      out += ALNUM[v % 62];
      v = Math.floor(v / 62);
      left--;
    }
    return out;
  }
}
