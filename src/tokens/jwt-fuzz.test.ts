/**
 * Seeded fuzzing of the decoder, the verifier, the linter and the workflow guess. Whatever a
 * token looks like, none of them may throw or hang: decode and verify answer with a result, lint
 * and guess with findings. Seeds are fixed, so a failure reproduces; the seed and iteration are
 * in the assertion message.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { tryDecodeJwt } from "./jwt-decode.js";
import { createJwtVerifier, VERIFY_FAILURE_CODES, type JwtVerifier } from "./jwt-verify.js";
import {
  accessClaims,
  assemble,
  makeIssuer,
  NOW,
  sign,
  trustOf,
  type TestIssuer,
} from "../test-support/token-factory.js";
import { lintWlcgToken } from "./wlcg-lint.js";
import { guessWorkflow } from "./workflow-guess.js";
import { prng } from "../core/prng.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const NASTY = [".", "=", "+", "/", " ", "\n", "\u0000", "é", "\uD800", "{", '"', "\\"];

/** One byte-level mutation of `token`: replace, insert, delete, duplicate or cut. */
function mutate(token: string, rnd: () => number): string {
  const at = Math.floor(rnd() * (token.length + 1));
  const pick = (): string => {
    const r = rnd();
    if (r < 0.7) return ALPHABET[Math.floor(rnd() * ALPHABET.length)] ?? "A";
    if (r < 0.9) return NASTY[Math.floor(rnd() * NASTY.length)] ?? ".";
    return String.fromCharCode(Math.floor(rnd() * 256));
  };
  switch (Math.floor(rnd() * 6)) {
    case 0:
      return token.slice(0, at) + pick() + token.slice(at + 1);
    case 1:
      return token.slice(0, at) + pick() + token.slice(at);
    case 2:
      return token.slice(0, at) + token.slice(at + 1);
    case 3:
      return token.slice(0, at) + token.slice(at, at + 64).repeat(1 + Math.floor(rnd() * 300));
    case 4:
      return token.slice(0, at);
    default: {
      const parts = token.split(".");
      return [parts[2], parts[1], parts[0]].join(".");
    }
  }
}

/** Claim values that stress type checks: huge and non-finite numbers, wrong types, nesting. */
function weirdValue(rnd: () => number): unknown {
  const choices: unknown[] = [
    1e308,
    -1,
    0,
    NOW + Math.floor(rnd() * 1e6) - 5e5,
    Number.MAX_SAFE_INTEGER,
    "storage.modify:/ compute.create",
    "storage.read:/../x storage.create storage.x:/",
    "  ",
    ["/vo", "bad group", 7],
    { nested: { deeper: [1, 2, 3] } },
    null,
    true,
    "x".repeat(300),
    "https://wlcg.cern.ch/jwt/v1/any",
  ];
  return choices[Math.floor(rnd() * choices.length)];
}

const WORKFLOWS = [
  {
    id: "a",
    name: "FTS",
    lifetime: "long-lived",
    scopeBreadth: "narrow",
    refreshExchange: "",
    holder: "FTS",
  },
  {
    id: "f",
    name: "User job submission",
    lifetime: "",
    scopeBreadth: "",
    refreshExchange: "",
    holder: "user",
  },
];

let es: TestIssuer;
let rs: TestIssuer;
let verifier: JwtVerifier;
let seeds: string[];

before(async () => {
  es = await makeIssuer("ES256", "es1");
  rs = await makeIssuer("RS256", "rs1");
  verifier = await createJwtVerifier(trustOf([es, rs]));
  seeds = [
    await sign(es, accessClaims(es.issuer)),
    await sign(rs, accessClaims(rs.issuer, { "wlcg.groups": ["/dteam", "/dteam/prod"] })),
    assemble({ alg: "none" }, accessClaims(es.issuer)),
  ];
});

const codes = new Set<string>(VERIFY_FAILURE_CODES);

describe("fuzz", () => {
  it("byte-mutated tokens never make decode or verify throw or hang", async () => {
    const rnd = prng(0x5eed);
    let slowest = 0;
    const seen = new Set<string>();
    for (let i = 0; i < 2500; i++) {
      const seed = seeds[i % seeds.length] ?? "";
      let token = seed;
      const rounds = 1 + Math.floor(rnd() * 3);
      for (let r = 0; r < rounds; r++) token = mutate(token, rnd);
      const started = performance.now();
      const decoded = tryDecodeJwt(token);
      const result = await verifier.verify(token, NOW);
      slowest = Math.max(slowest, performance.now() - started);
      if (!result.ok) {
        assert.ok(
          codes.has(result.code),
          `seed 0x5eed, iteration ${i}: unknown code ${result.code}`,
        );
        seen.add(result.code);
      } else {
        // Strict, canonical base64url: no other spelling of a signed token verifies.
        assert.equal(token, seed, `seed 0x5eed, iteration ${i}: a mutated token verified`);
      }
      if (!decoded.ok)
        assert.equal(result.ok, false, `iteration ${i}: verify accepted what decode refused`);
      if (decoded.ok) {
        lintWlcgToken(decoded.jwt);
        guessWorkflow(decoded.jwt.claims, WORKFLOWS);
      }
    }
    assert.ok(slowest < 1000, `slowest call took ${slowest.toFixed(0)} ms`);
    assert.ok(seen.has("malformed_jwt") && seen.has("bad_signature"), [...seen].join(", "));
  });

  it("validly signed tokens with hostile claims are answered, linted and guessed", async () => {
    const rnd = prng(0xc1a1);
    const names = [
      "exp",
      "iat",
      "nbf",
      "aud",
      "iss",
      "sub",
      "jti",
      "scope",
      "wlcg.ver",
      "wlcg.groups",
      "act",
      "client_id",
    ];
    for (let i = 0; i < 300; i++) {
      const claims: Record<string, unknown> = accessClaims(es.issuer);
      for (let k = 0; k < 1 + Math.floor(rnd() * 4); k++) {
        claims[names[Math.floor(rnd() * names.length)] ?? "exp"] = weirdValue(rnd);
      }
      const token = await sign(i % 2 === 0 ? es : rs, claims);
      const result = await verifier.verify(token, NOW);
      if (!result.ok)
        assert.ok(codes.has(result.code), `seed 0xc1a1, iteration ${i}: ${result.code}`);
      const report = lintWlcgToken({ claims });
      for (const f of report.findings) assert.ok(f.rule.length > 0 && f.message.length > 0);
      const guess = guessWorkflow(claims, WORKFLOWS);
      for (const c of guess.candidates) assert.ok(Number.isFinite(c.score));
    }
  });
});
