import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TttError } from "../core/errors.js";
import { decodeJwt, tokenFingerprint, tryDecodeJwt } from "./jwt-decode.js";
import { MalformedJwtError } from "./token.errors.js";
import { accessClaims, assemble, b64, makeIssuer, sign } from "../test-support/token-factory.js";

const HEADER = { alg: "ES256", kid: "es1" };
const PAYLOAD = { iss: "https://iam.example.org/", sub: "s" };
const SIG = "c2lnbmF0dXJl";

/** [what, token, exact reason] — the malformed corpus. */
const CORPUS: [string, string, string][] = [
  ["empty", "", "token is empty"],
  ["two segments", `${b64(HEADER)}.${b64(PAYLOAD)}`, "3 segments expected, got 2"],
  ["one segment", b64(HEADER), "3 segments expected, got 1"],
  [
    "five segments (JWE)",
    "a.b.c.d.e",
    "3 segments expected, got 5 (an encrypted JWE is not supported)",
  ],
  ["too large", `${b64(HEADER)}.${"A".repeat(17000)}.${SIG}`, "token larger than 16384 bytes"],
  [
    "too large in UTF-8 bytes only",
    `${b64(HEADER)}.${"é".repeat(9000)}.x`,
    "token larger than 16384 bytes",
  ],
  [
    "huge header",
    assemble({ ...HEADER, pad: "x".repeat(3000) }, PAYLOAD, SIG),
    "header larger than 2048 bytes",
  ],
  ["empty header", `.${b64(PAYLOAD)}.${SIG}`, "header is empty"],
  [
    "padded header",
    `${b64({ alg: "ES256" })}=.${b64(PAYLOAD)}.${SIG}`,
    "header is not base64url: padding '=' is not allowed",
  ],
  [
    "base64 (not url) alphabet",
    `eyJhbGciOiJFUzI1NiJ+.${b64(PAYLOAD)}.${SIG}`,
    "header is not base64url: illegal character at offset 19",
  ],
  [
    "whitespace",
    ` ${b64(HEADER)}.${b64(PAYLOAD)}.${SIG}`,
    "header is not base64url: illegal character at offset 0",
  ],
  [
    "impossible length",
    `eyJhb.${b64(PAYLOAD)}.${SIG}`,
    "header is not base64url: impossible length 5",
  ],
  [
    "non-canonical trailing bits",
    `e31.${b64(PAYLOAD)}.${SIG}`,
    "header is not base64url: non-canonical trailing bits",
  ],
  [
    "header not UTF-8",
    `${b64(Buffer.from([0xff, 0xfe, 0x7b]))}.${b64(PAYLOAD)}.${SIG}`,
    "header is not UTF-8",
  ],
  ["header not JSON", `${b64(Buffer.from("{alg"))}.${b64(PAYLOAD)}.${SIG}`, "header is not JSON"],
  [
    "header with a BOM",
    `${b64(Buffer.from('\uFEFF{"alg":"ES256"}'))}.${b64(PAYLOAD)}.${SIG}`,
    "header is not JSON",
  ],
  ["header array", assemble([HEADER], PAYLOAD, SIG), "header is not a JSON object: got an array"],
  ["header null", assemble(null, PAYLOAD, SIG), "header is not a JSON object: got null"],
  ["header string", assemble("ES256", PAYLOAD, SIG), "header is not a JSON object: got a string"],
  ["missing alg", assemble({ typ: "JWT" }, PAYLOAD, SIG), "header has no alg"],
  ["alg not a string", assemble({ alg: 256 }, PAYLOAD, SIG), "header alg is not a string"],
  ["empty alg", assemble({ alg: "" }, PAYLOAD, SIG), "header alg is empty"],
  [
    "kid not a string",
    assemble({ alg: "ES256", kid: 1 }, PAYLOAD, SIG),
    "header kid is not a string",
  ],
  ["empty payload", `${b64(HEADER)}..${SIG}`, "payload is empty"],
  ["payload a number", assemble(HEADER, 42, SIG), "payload is not a JSON object: got a number"],
  [
    "payload not base64url",
    `${b64(HEADER)}.${b64(PAYLOAD)}=.${SIG}`,
    "payload is not base64url: padding '=' is not allowed",
  ],
  [
    "signature not base64url",
    `${b64(HEADER)}.${b64(PAYLOAD)}.a+b`,
    "signature is not base64url: illegal character at offset 1",
  ],
];

describe("decodeJwt: the malformed corpus", () => {
  for (const [what, token, reason] of CORPUS) {
    it(`${what} → ${reason}`, () => {
      assert.deepEqual(tryDecodeJwt(token), { ok: false, code: "malformed_jwt", reason });
      assert.throws(
        () => decodeJwt(token),
        (err: unknown) =>
          err instanceof MalformedJwtError &&
          err instanceof TttError &&
          err.code === "malformed_jwt" &&
          err.status === 400 &&
          err.reason === reason &&
          err.message === `malformed JWT: ${reason}` &&
          err.cause === undefined,
      );
    });
  }

  it("never puts token content in a reason", () => {
    const secret = "U0VDUkVUU0VDUkVU";
    for (const [, token] of CORPUS) {
      const marked = token.replace(/\.[^.]*$/, `.${secret}`);
      const result = tryDecodeJwt(marked);
      if (!result.ok) assert.ok(!result.reason.includes(secret), result.reason);
    }
  });
});

describe("decodeJwt: well-formed tokens", () => {
  it("decodes a signed ES256 token, keeping no signature bytes", async () => {
    const issuer = await makeIssuer("ES256", "es1");
    const token = await sign(issuer, accessClaims(issuer.issuer));
    const jwt = decodeJwt(token);
    assert.deepEqual(jwt.header, { alg: "ES256", kid: "es1" });
    assert.equal(jwt.claims["jti"], "40ce5a87-e419-4bdf-9e11-61dfb160f89d");
    assert.equal(jwt.signatureBytes, 64);
    assert.equal(jwt.fingerprint, tokenFingerprint(token));
    const signature = token.split(".")[2] ?? "";
    assert.ok(
      !JSON.stringify(jwt).includes(signature),
      "the decoded token must not hold the signature",
    );
  });

  it("decodes an unsigned token (verification refuses it later)", () => {
    const jwt = decodeJwt(assemble({ alg: "none" }, PAYLOAD));
    assert.equal(jwt.header.alg, "none");
    assert.equal(jwt.signatureBytes, 0);
  });

  it("accepts exactly the limits", () => {
    const header = { alg: "ES256", pad: "" };
    const overhead = JSON.stringify(header).length;
    const withHeaderOf = (bytes: number): string =>
      assemble({ ...header, pad: "x".repeat(bytes - overhead) }, PAYLOAD, SIG);
    assert.equal(tryDecodeJwt(withHeaderOf(2048)).ok, true);
    assert.deepEqual(tryDecodeJwt(withHeaderOf(2049)), {
      ok: false,
      code: "malformed_jwt",
      reason: "header larger than 2048 bytes",
    });
    const small = { maxTokenBytes: 40, maxHeaderBytes: 2048 };
    const token = assemble({ alg: "ES256" }, { a: 1 }, "AA");
    assert.ok(token.length <= 40);
    assert.equal(tryDecodeJwt(token, small).ok, true);
    assert.deepEqual(tryDecodeJwt(`${token}AAAAAAAAAAAAAAAAAAAAAAAAAAAA`, small), {
      ok: false,
      code: "malformed_jwt",
      reason: "token larger than 40 bytes",
    });
  });

  it("does not let __proto__ in claims reach the prototype", () => {
    const token = `${b64(HEADER)}.${b64(Buffer.from('{"__proto__":{"admin":true},"sub":"x"}'))}.${SIG}`;
    const jwt = decodeJwt(token);
    assert.equal((jwt.claims as { admin?: unknown }).admin, undefined);
    assert.equal(({} as { admin?: unknown }).admin, undefined);
  });

  it("fingerprints: 16 hex digits, stable, different per token", () => {
    assert.match(tokenFingerprint("a.b.c"), /^[0-9a-f]{16}$/);
    assert.equal(tokenFingerprint("a.b.c"), tokenFingerprint("a.b.c"));
    assert.notEqual(tokenFingerprint("a.b.c"), tokenFingerprint("a.b.d"));
  });

  it("throws TypeError for a non-string (a programmer error)", () => {
    assert.throws(() => decodeJwt(42 as unknown as string), TypeError);
  });
});
