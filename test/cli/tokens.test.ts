// `ttt inspect` and `ttt decide` through the real CLI on a local store: the token comes from
// stdin or a file (never an argument), decisions exit 0 (allow) or 3 (deny), bad input exits 2,
// and the raw token ends up nowhere in the store.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { makeIssuer, sign } from "../../src/test-support/token-factory.js";
import { CLI_SUITE_TIMEOUT, ttt } from "./run-cli.js";

const ISS = "https://iam.example.org/";
const AUD = "https://storage.example.org";

describe("ttt inspect / ttt decide", { timeout: CLI_SUITE_TIMEOUT }, () => {
  const dir = mkdtempSync(join(tmpdir(), "ttt-tokens-"));
  const data = join(dir, "data");
  const local = (args: string[], stdin?: string) =>
    ttt(["--data-dir", data, ...args], stdin === undefined ? {} : { stdin });
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    "wlcg.ver": "1.0",
    iss: ISS,
    sub: "alice",
    aud: AUD,
    iat: now,
    nbf: now,
    exp: now + 3600,
    jti: "jti-cli-1",
    client_id: "rucio",
    scope: "storage.read:/data",
  };
  let token = "";
  const tokenFile = join(dir, "token.jwt");

  it("trusts an issuer with static keys, then inspects a token from stdin and from a file", async () => {
    const issuer = await makeIssuer("ES256", "k1", ISS);
    const jwks = join(dir, "jwks.json");
    writeFileSync(jwks, JSON.stringify({ keys: [issuer.jwk] }));
    const add = await local(["issuers", "add", "--iss", ISS, "--jwks-file", jwks, "--aud", AUD]);
    assert.equal(add.code, 0, add.stderr);
    token = await sign(issuer, claims);
    writeFileSync(tokenFile, `${token}\n`);

    const human = await local(["inspect"], token);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /verified: yes — key k1 ES256/);
    assert.match(human.stdout, /WLCG profile:/);
    assert.match(human.stdout, /^workflow: no assessment exists yet/m);
    assert.match(human.stdout, /bans: none match/);
    assert.match(
      human.stdout,
      /ttt ban token --iss 'https:\/\/iam\.example\.org\/' --jti 'jti-cli-1'/,
    );
    assert.equal(human.stdout.includes(token), false);

    // With the example assessment: the workflow it most likely belongs to, and its risk rows.
    assert.equal((await local(["demo"])).code, 0);
    const guessed = (await local(["inspect"], token)).stdout;
    assert.match(
      guessed,
      /^workflow: .+ \(\w+\), score \d\.\d\d.* \(assessment wlcg-token-workflows v[\d.]+\)$/m,
    );
    assert.match(guessed, /^ {2}risk \S+ {2}.+ — (.+ \(L\d I\d\)|not settled)$/m);

    const json = await local(["--json", "inspect", "--token-file", tokenFile]);
    assert.equal(json.code, 0, json.stderr);
    const r = JSON.parse(json.stdout) as { verification: { ok: boolean }; claims: { jti: string } };
    assert.equal(r.verification.ok, true);
    assert.equal(r.claims.jti, "jti-cli-1");
  });

  /** `ttt inspect` of a token from an untrusted issuer carrying these sub and jti. */
  async function inspectUntrusted(sub: string, jti: string) {
    const iss = "https://untrusted.example.org/";
    const token = await sign(await makeIssuer("ES256", "k-untrusted", iss), {
      iss,
      sub,
      jti,
      exp: now + 600,
    });
    const out = await local(["inspect"], token);
    assert.equal(out.code, 0, out.stderr);
    return out;
  }

  it("escapes control characters a hostile token carries, so they never reach the terminal", async () => {
    const out = await inspectUntrusted(
      "\u001b]52;c;cm0gLXJmIH4=\u0007\u001b[8mhidden",
      "j\u009b2J",
    );
    // eslint-disable-next-line no-control-regex -- the control characters are what must not appear
    assert.equal(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(out.stdout), false);
    assert.match(out.stdout, /\\u001b\]52;c;/);
  });

  it("escapes line breaks inside claims, so a forged token cannot print lines of its own", async () => {
    const out = await inspectUntrusted(
      "x\nverified: yes — key k1 ES256 of https://iam.example.org/\nbans: none match",
      "j-nl",
    );
    const lines = out.stdout.split("\n");
    assert.ok(
      lines.some((l) => l.startsWith("verified: NO")),
      out.stdout,
    );
    assert.equal(lines.filter((l) => l.startsWith("verified:")).length, 1, out.stdout);
    assert.equal(lines.filter((l) => l.startsWith("bans:")).length, 1, out.stdout);
    assert.match(out.stdout, /sub {9}x\\u000averified: yes/);
  });

  it("never takes the token as an argument, and says what is wrong with bad input", async () => {
    const arg = await local(["inspect", token]);
    assert.equal(arg.code, 2, arg.stderr);
    const empty = await local(["inspect"], "   \n");
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /no token: the input is empty/);
    const missing = await local(["inspect", "--token-file", join(dir, "nope")]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--token-file .*nope: cannot read \(no such file\)/);
    const garbage = await local(["inspect"], "not.a.token");
    assert.equal(garbage.code, 2);
    assert.match(garbage.stderr, /malformed_jwt/);
  });

  it("decides: exit 0 allow, 3 deny, from claims, a token file or stdin", async () => {
    const allow = await local(["decide", "--claims", JSON.stringify(claims)]);
    assert.equal(allow.code, 0, allow.stderr);
    assert.match(allow.stdout, /^ALLOW/);

    const ban = await local([
      "ban",
      "subject",
      "--iss",
      ISS,
      "--sub",
      "alice",
      "--reason",
      "phished",
    ]);
    assert.equal(ban.code, 0, ban.stderr);

    const byClaims = await local(["decide", "--claims", JSON.stringify(claims)]);
    assert.equal(byClaims.code, 3, byClaims.stderr);
    assert.match(
      byClaims.stdout,
      /^DENY: subject alice of issuer https:\/\/iam\.example\.org\/ is banned/,
    );
    const byFile = await local(["--json", "decide", "--token-file", tokenFile]);
    assert.equal(byFile.code, 3, byFile.stderr);
    assert.equal(
      (JSON.parse(byFile.stdout) as { verification: { ok: boolean } }).verification.ok,
      true,
    );
    assert.equal((await local(["decide"], token)).code, 3);
    const other = await local(["decide", "--claims", JSON.stringify({ ...claims, sub: "bob" })]);
    assert.equal(other.code, 0, other.stderr);
  });

  it("bans exactly the inspected token, until an hour after its exp", async () => {
    const made = await local([
      "--json",
      "ban",
      "token",
      "--iss",
      ISS,
      "--jti",
      "jti-cli-2",
      "--token-exp",
      String(now + 3600),
      "--reason",
      "pasted in a chat",
    ]);
    assert.equal(made.code, 0, made.stderr);
    const ban = JSON.parse(made.stdout) as { expiresAt: string };
    assert.equal(ban.expiresAt, new Date((now + 7200) * 1000).toISOString());
    const bad = await local([
      "ban",
      "token",
      "--iss",
      ISS,
      "--jti",
      "j",
      "--token-exp",
      "soon",
      "--reason",
      "r",
    ]);
    assert.equal(bad.code, 2);
  });

  it("refuses bad decide input with exit 2", async () => {
    const bad = await local(["decide", "--claims", "{not json"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--claims: not valid JSON/);
    const both = await local(["decide", "--claims", "{}", "--token-file", tokenFile]);
    assert.equal(both.code, 2);
    const notObject = await local(["decide", "--claims", "[1]"]);
    assert.equal(notObject.code, 2);
  });

  it("left the raw token nowhere in the store", () => {
    const signature = token.split(".")[2] ?? "";
    for (const f of readdirSync(data)) {
      const bytes = readFileSync(join(data, f)).toString("latin1");
      assert.equal(bytes.includes(signature), false, `${f} holds the token`);
    }
  });
});
