import assert from "node:assert/strict";
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { calculateJwkThumbprint } from "jose";
import { FixedClock } from "../core/clock.js";
import { SigningKeyError } from "./feed.errors.js";
import { SigningKeyRing } from "./signing-keys.js";

const HOUR = 3600_000;

describe("SigningKeyRing", () => {
  let dir: string;
  let clock: FixedClock;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), "ttt-keys-")), "keys");
    clock = new FixedClock("2026-01-01T00:00:00.000Z");
  });
  afterEach(() => rmSync(join(dir, ".."), { recursive: true, force: true }));

  const files = () => readdirSync(dir).filter((n) => n.endsWith(".json"));

  it("creates a 0600 key file in a 0700 directory on first use, kid = RFC 7638 thumbprint", async () => {
    const ring = await SigningKeyRing.open({ dir, clock });
    const { kid, alg } = ring.current();
    assert.equal(alg, "ES256");
    assert.deepEqual(files(), [`${kid}.json`]);
    assert.equal(statSync(join(dir, `${kid}.json`)).mode & 0o777, 0o600);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    const [jwk] = ring.jwks().keys;
    assert.equal(await calculateJwkThumbprint(jwk as object), kid);
    assert.equal(
      readdirSync(dir).some((n) => n.endsWith(".tmp")),
      false,
      "no temp file left",
    );
  });

  it("reloads the same key", async () => {
    const first = await SigningKeyRing.open({ dir, clock });
    const again = await SigningKeyRing.open({ dir, clock });
    assert.equal(again.current().kid, first.current().kid);
    assert.deepEqual(again.jwks(), first.jwks());
  });

  it("publishes only public members", async () => {
    const ring = await SigningKeyRing.open({ dir, clock });
    const [jwk] = ring.jwks().keys;
    assert.deepEqual(Object.keys(jwk ?? {}).sort(), ["alg", "crv", "kid", "kty", "use", "x", "y"]);
  });

  it("keeps the old public key published after rotation until retention ends, then drops it", async () => {
    const ring = await SigningKeyRing.open({ dir, clock, retentionMs: 24 * HOUR });
    const old = ring.current().kid;
    clock.advance(HOUR);
    const fresh = await ring.rotate();
    assert.notEqual(fresh, old);
    assert.equal(ring.current().kid, fresh);
    assert.deepEqual(
      ring.jwks().keys.map((k) => k.kid),
      [fresh, old],
    );

    const oldFile = JSON.parse(readFileSync(join(dir, `${old}.json`), "utf8"));
    assert.equal(oldFile.jwk.d, undefined, "a retired key keeps only its public half");
    assert.equal(oldFile.retiredAt, "2026-01-01T01:00:00.000Z");

    // another process sees the same ring
    const other = await SigningKeyRing.open({ dir, clock, retentionMs: 24 * HOUR });
    assert.equal(other.current().kid, fresh);
    assert.deepEqual(
      other.jwks().keys.map((k) => k.kid),
      [fresh, old],
    );

    clock.advance(24 * HOUR - 1);
    assert.deepEqual(
      ring.jwks().keys.map((k) => k.kid),
      [fresh, old],
    );
    clock.advance(1);
    assert.deepEqual(
      ring.jwks().keys.map((k) => k.kid),
      [fresh],
    );
    assert.deepEqual(await ring.prune(), [old]);
    assert.deepEqual(files(), [`${fresh}.json`]);
  });

  it("refuses a key file readable by others, naming the path and the fix", async () => {
    const ring = await SigningKeyRing.open({ dir, clock });
    const path = join(dir, `${ring.current().kid}.json`);
    chmodSync(path, 0o644);
    await assert.rejects(SigningKeyRing.open({ dir, clock }), (err: unknown) => {
      assert.ok(err instanceof SigningKeyError);
      assert.equal(err.code, "key_file_permissions");
      assert.match(err.message, /has mode 0644/);
      assert.match(err.message, /chmod 600/);
      assert.ok(err.message.includes(path));
      return true;
    });
  });

  it("refuses a symlinked key file, a tampered key file and a group-writable directory", async () => {
    const ring = await SigningKeyRing.open({ dir, clock });
    const kid = ring.current().kid;
    const path = join(dir, `${kid}.json`);
    const text = readFileSync(path, "utf8");

    const other = mkdtempSync(join(tmpdir(), "ttt-keys-other-"));
    try {
      const moved = join(other, "k.json");
      rmSync(path);
      writeFileSync(moved, text, { mode: 0o600 });
      symlinkSync(moved, path);
      await assert.rejects(SigningKeyRing.open({ dir, clock }), { code: "key_file_invalid" });
      rmSync(path);

      const file = JSON.parse(text);
      file.jwk.x = file.jwk.y; // another public key under the same kid
      writeFileSync(path, JSON.stringify(file), { mode: 0o600 });
      await assert.rejects(SigningKeyRing.open({ dir, clock }), /thumbprint disagree/);
      rmSync(path);

      chmodSync(dir, 0o770);
      await assert.rejects(SigningKeyRing.open({ dir, clock }), { code: "key_dir_unsafe" });
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it("settles on one current key after an interrupted rotation", async () => {
    const a = await SigningKeyRing.open({ dir, clock });
    const oldKid = a.current().kid;
    // simulate: the new key was written but the old file was not yet marked retired
    const snapshot = readFileSync(join(dir, `${oldKid}.json`), "utf8");
    clock.advance(HOUR);
    const newKid = await a.rotate();
    writeFileSync(join(dir, `${oldKid}.json`), snapshot, { mode: 0o600 });
    const b = await SigningKeyRing.open({ dir, clock });
    assert.equal(b.current().kid, newKid);
    assert.deepEqual(
      b.jwks().keys.map((k) => k.kid),
      [newKid, oldKid],
    );
  });
});
