/**
 * The transmitter's ES256 signing keys, kept in a directory: one file per key, `<kid>.json`,
 * mode 0600, kid = RFC 7638 thumbprint of the public key.
 *
 * First use generates a key. `rotate()` makes a new current key and rewrites the old one's file
 * with its public half only (the private half is no longer needed by anyone) and the time it
 * was retired; `jwks()` keeps publishing a retired key until `retentionMs` has passed, so SETs
 * it signed that are still queued or in flight can be verified. `prune()` then deletes it.
 *
 * If a rotation is interrupted between writing the new key and retiring the old one, two keys
 * claim to be current: the newer one wins and the other counts as retired when the newer was
 * created. The same rule makes two instances that generated a first key at the same moment agree
 * after `reload()`. Rotation itself is meant for one actor at a time (the CLI or one server).
 */
import { readdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
} from "jose";
import { z } from "zod";
import type { Clock } from "../core/clock.js";
import { SigningKeyError } from "./feed.errors.js";
import { ensureKeyDir, readKeyFile, writeKeyFile } from "./key-file.js";

export const SIGNING_ALG = "ES256";

/** How long a retired key stays published: longer than any SET it signed can stay undelivered. */
export const DEFAULT_KEY_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** The key SETs are signed with now. */
export interface SigningKey {
  kid: string;
  alg: typeof SIGNING_ALG;
  privateKey: CryptoKey;
}

export interface KeyRingOptions {
  dir: string;
  clock: Clock;
  retentionMs?: number;
}

interface Entry {
  kid: string;
  createdAt: string;
  /** When it stopped signing; null for the current key. */
  retiredAt: string | null;
  publicJwk: JWK;
  privateKey: CryptoKey | null;
}

const KEY_FILE = /^[A-Za-z0-9_-]{43}\.json$/;
const b64 = z.string().regex(/^[A-Za-z0-9_-]+$/);
const KeyFileSchema = z.object({
  version: z.literal(1),
  kid: z.string(),
  alg: z.literal(SIGNING_ALG),
  createdAt: z.iso.datetime({ precision: 3 }),
  retiredAt: z.iso.datetime({ precision: 3 }).nullable(),
  jwk: z.object({
    kty: z.literal("EC"),
    crv: z.literal("P-256"),
    x: b64,
    y: b64,
    d: b64.optional(),
  }),
});

export class SigningKeyRing {
  private entries: Entry[] = [];
  private readonly retentionMs: number;

  private constructor(private readonly options: KeyRingOptions) {
    this.retentionMs = options.retentionMs ?? DEFAULT_KEY_RETENTION_MS;
    if (!Number.isFinite(this.retentionMs) || this.retentionMs < 0) {
      throw new RangeError("retentionMs must be a non-negative number");
    }
  }

  /**
   * Loads the ring from `dir`, generating the first key if there is none.
   *
   * @throws SigningKeyError for a key file others can read, a symlink, an unreadable or
   *   tampered key file, or a key directory others can write to.
   */
  static async open(options: KeyRingOptions): Promise<SigningKeyRing> {
    const ring = new SigningKeyRing(options);
    await ensureKeyDir(options.dir);
    await ring.reload();
    if (ring.currentEntry() === null) {
      const { entry, privateJwk } = await ring.generate();
      await ring.write(entry, privateJwk);
      await ring.reload();
    }
    return ring;
  }

  /** Re-reads the directory (after another process rotated). */
  async reload(): Promise<void> {
    const names = (await readdir(this.options.dir)).filter((n) => KEY_FILE.test(n)).sort();
    const loaded: Entry[] = [];
    for (const name of names) loaded.push(await this.load(join(this.options.dir, name)));
    this.entries = settle(loaded);
  }

  /** The key to sign with now. */
  current(): SigningKey {
    const entry = this.currentEntry();
    if (entry === null || entry.privateKey === null) {
      throw new Error("signing key ring has no current key");
    }
    return { kid: entry.kid, alg: SIGNING_ALG, privateKey: entry.privateKey };
  }

  /**
   * The public keys receivers need: the current one first, then retired ones still within
   * retention. Never a private member.
   */
  jwks(): JSONWebKeySet {
    const now = this.options.clock.now().getTime();
    const keys = this.entries
      .filter((e) => e.retiredAt === null || Date.parse(e.retiredAt) + this.retentionMs > now)
      .map((e) => ({ ...e.publicJwk }));
    return { keys };
  }

  /** Makes a new current key and retires the old one; returns the new kid. */
  async rotate(): Promise<string> {
    const previous = this.currentEntry();
    const { entry: next, privateJwk } = await this.generate();
    await this.write(next, privateJwk);
    if (previous !== null) {
      previous.retiredAt = next.createdAt;
      previous.privateKey = null;
      await this.write(previous, null);
    }
    this.entries = settle([...this.entries.filter((e) => e.kid !== next.kid), next]);
    await this.prune();
    return next.kid;
  }

  /** Deletes the files of retired keys whose retention has passed; returns their kids. */
  async prune(): Promise<string[]> {
    const now = this.options.clock.now().getTime();
    const expired = this.entries.filter(
      (e) => e.retiredAt !== null && Date.parse(e.retiredAt) + this.retentionMs <= now,
    );
    for (const e of expired) await unlink(this.path(e.kid)).catch(ignoreMissing);
    this.entries = this.entries.filter((e) => !expired.includes(e));
    return expired.map((e) => e.kid);
  }

  private currentEntry(): Entry | null {
    return this.entries.find((e) => e.retiredAt === null && e.privateKey !== null) ?? null;
  }

  private async generate(): Promise<{ entry: Entry; privateJwk: JWK }> {
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
    const pub = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(pub, "sha256");
    const privateJwk = await exportJWK(privateKey);
    const entry: Entry = {
      kid,
      createdAt: this.options.clock.now().toISOString(),
      retiredAt: null,
      publicJwk: publicJwkOf(pub, kid),
      privateKey,
    };
    return { entry, privateJwk };
  }

  private async write(entry: Entry, privateJwk: JWK | null): Promise<void> {
    const { kty, crv, x, y } = entry.publicJwk;
    const jwk = privateJwk === null ? { kty, crv, x, y } : { kty, crv, x, y, d: privateJwk.d };
    const file = {
      version: 1,
      kid: entry.kid,
      alg: SIGNING_ALG,
      createdAt: entry.createdAt,
      retiredAt: entry.retiredAt,
      jwk,
    };
    await writeKeyFile(this.path(entry.kid), `${JSON.stringify(file, null, 2)}\n`);
  }

  private async load(path: string): Promise<Entry> {
    const text = await readKeyFile(path);
    let parsed: z.infer<typeof KeyFileSchema>;
    try {
      parsed = KeyFileSchema.parse(JSON.parse(text));
    } catch {
      throw new SigningKeyError(
        "key_file_invalid",
        path,
        `key file ${path} is not a valid ES256 key file`,
      );
    }
    const { kty, crv, x, y, d } = parsed.jwk;
    const thumbprint = await calculateJwkThumbprint({ kty, crv, x, y }, "sha256");
    if (thumbprint !== parsed.kid || !path.endsWith(`${parsed.kid}.json`)) {
      throw new SigningKeyError(
        "key_file_invalid",
        path,
        `key file ${path}: its kid, its file name and its key's thumbprint disagree`,
      );
    }
    let privateKey: CryptoKey | null = null;
    if (d !== undefined && parsed.retiredAt === null) {
      try {
        const imported = await importJWK({ kty, crv, x, y, d }, SIGNING_ALG);
        if (imported instanceof Uint8Array) throw new TypeError("not an asymmetric key");
        privateKey = imported;
      } catch {
        throw new SigningKeyError(
          "key_file_invalid",
          path,
          `key file ${path}: unusable private key`,
        );
      }
    }
    return {
      kid: parsed.kid,
      createdAt: parsed.createdAt,
      retiredAt: parsed.retiredAt,
      publicJwk: publicJwkOf({ kty, crv, x, y }, parsed.kid),
      privateKey,
    };
  }

  private path(kid: string): string {
    return join(this.options.dir, `${kid}.json`);
  }
}

function publicJwkOf(jwk: JWK, kid: string): JWK {
  return {
    kty: jwk.kty,
    crv: jwk.crv,
    x: jwk.x,
    y: jwk.y,
    kid,
    alg: SIGNING_ALG,
    use: "sig",
  } as JWK;
}

/**
 * Orders keys newest first and leaves exactly one current key: the newest unretired one with a
 * private half. Any other unretired key counts as retired when the current one was created.
 */
function settle(entries: Entry[]): Entry[] {
  const sorted = [...entries].sort((a, b) =>
    a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? 1 : -1) : a.kid < b.kid ? 1 : -1,
  );
  const current = sorted.find((e) => e.retiredAt === null && e.privateKey !== null) ?? null;
  for (const e of sorted) {
    if (e !== current && e.retiredAt === null) {
      e.retiredAt = current?.createdAt ?? e.createdAt;
      e.privateKey = null;
    }
  }
  return current === null ? sorted : [current, ...sorted.filter((e) => e !== current)];
}

function ignoreMissing(err: unknown): void {
  if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
}
