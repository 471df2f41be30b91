import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NOW } from "../test-support/token-factory.js";
import { lintWlcgToken, type LintFinding } from "./wlcg-lint.js";
import { ANY_AUDIENCE } from "./wlcg-profile.js";

const HEADER = { alg: "RS256", kid: "rsa1" };
const ISS = "https://atlas-auth.cern.ch/";

/** An FTS-like token: client credentials (sub = client), narrow storage scopes, one audience. */
const FTS = {
  "wlcg.ver": "1.0",
  iss: ISS,
  sub: "fts3-atlas",
  client_id: "fts3-atlas",
  aud: "https://eosatlas.cern.ch",
  scope: "storage.read:/atlas/rucio/data23/AOD storage.create:/atlas/rucio/scratch/transfer-42",
  iat: NOW,
  nbf: NOW - 60,
  exp: NOW + 3600,
  jti: "7a1c0b5e-3f0d-4a51-9d0e-2a6b1f0c9e11",
};

/** A user's token (oidc-agent after a login) that can rewrite all storage and submit jobs. */
const USER = {
  "wlcg.ver": "1.0",
  iss: ISS,
  sub: "e1eb758b-b73c-4761-bfff-adc793da409c",
  preferred_username: "alice",
  auth_time: NOW - 120,
  acr: "https://refeds.org/profile/mfa",
  client_id: "oidc-agent",
  aud: "https://eosatlas.cern.ch",
  scope: "openid offline_access storage.read:/atlas/user/alice storage.modify:/ compute.create",
  iat: NOW,
  exp: NOW + 3600,
  jti: "aef94c8c-0fea-490f-9027-ff444dd66d8c",
};

const ref = {
  common: "§2.1.1 Common Claims",
  scope: "§2.2.1 Capability-based Authorization: scope",
  lifetime: "§4.3.1 Token Lifetime Guidance",
};

function rules(findings: LintFinding[]): string[] {
  return findings.map((f) => `${f.severity} ${f.rule}`);
}

describe("lint: realistic WLCG tokens", () => {
  it("an FTS-like narrow storage token is clean", () => {
    const report = lintWlcgToken({ header: HEADER, claims: FTS });
    assert.deepEqual(report.findings, []);
    assert.equal(report.kind.value, "access");
    assert.equal(report.holder.value, "service");
    assert.equal(report.lifetimeSec, 3600);
  });

  it("a user token with storage.modify:/ and compute.create", () => {
    const report = lintWlcgToken({ header: HEADER, claims: USER });
    assert.equal(report.holder.value, "user");
    assert.match(report.holder.evidence, /preferred_username/);
    assert.deepEqual(report.findings, [
      {
        rule: "wlcg.scope.broad.storage-modify-root",
        severity: "warning",
        message:
          "storage.modify:/ lets the bearer overwrite and delete anything the VO stores, on a user token",
        profileRef: ref.scope,
      },
      {
        rule: "wlcg.scope.broad.compute",
        severity: "warning",
        message:
          "compute.create on a user token: the bearer can act at every computing element that trusts the VO, and CEs map sub to a shared local account, so compute.* may reach other jobs of that account",
        profileRef: ref.scope,
      },
    ]);
  });

  it("a token without jti: required, and it cannot be banned on its own", () => {
    const noJti: Record<string, unknown> = { ...FTS, jti: undefined };
    assert.deepEqual(lintWlcgToken({ header: HEADER, claims: noJti }).findings, [
      {
        rule: "wlcg.required.jti",
        severity: "error",
        message: "jti is missing: required (unique per issuer, for traceability)",
        profileRef: ref.common,
      },
      {
        rule: "ttt.ban.no-jti",
        severity: "warning",
        message:
          "without jti this token cannot be banned on its own (a token ban needs iss + jti); the narrowest ban left is its identity (iss + sub), which also denies the holder's other tokens",
        profileRef: "§2.1.1 Common Claims (jti)",
      },
    ]);
  });

  it("a 12 h token exceeds the 6 h default maximum", () => {
    const report = lintWlcgToken({ header: HEADER, claims: { ...FTS, exp: NOW + 12 * 3600 } });
    assert.equal(report.lifetimeSec, 43200);
    assert.deepEqual(report.findings, [
      {
        rule: "wlcg.lifetime.too-long",
        severity: "warning",
        message:
          "lifetime 12 h (43200 s) exceeds the default maximum for access tokens (15 min – 6 h, recommended 1 h): a longer lifetime needs a mitigation agreed through a risk assessment, as access tokens cannot be revoked",
        profileRef: ref.lifetime,
      },
    ]);
  });
});

describe("lint: individual rules", () => {
  it("the same broad scopes on a service token are only a note", () => {
    const claims = { ...FTS, scope: "storage.modify:/ storage.read:/ compute.create" };
    assert.deepEqual(rules(lintWlcgToken({ claims }).findings), [
      "info wlcg.scope.broad.storage-modify-root",
    ]);
  });

  it("storage.*:/ on a user token", () => {
    const claims = { ...USER, scope: "storage.read:/ storage.stage:/" };
    const [finding] = lintWlcgToken({ claims }).findings;
    assert.equal(finding?.rule, "wlcg.scope.broad.storage-root");
    assert.equal(
      finding?.message,
      "storage.read:/, storage.stage:/ on a user token: covers the VO's whole storage area",
    );
  });

  it("scope syntax: missing, relative and unnormalised paths, unknown names, spacing", () => {
    const claims = {
      ...FTS,
      scope:
        "storage.read storage.create:data storage.modify:/a/../b storage.write:/x  compute.create:/ce storage.read:/a%zz",
    };
    const findings = lintWlcgToken({ claims }).findings;
    assert.deepEqual(rules(findings), [
      "error wlcg.scope.syntax",
      "error wlcg.scope.syntax",
      "error wlcg.scope.syntax",
      "error wlcg.scope.syntax",
      "warning wlcg.scope.unknown",
      "error wlcg.scope.syntax",
    ]);
    assert.deepEqual(
      findings.map((f) => f.message),
      [
        "scope has empty elements (leading, trailing or repeated spaces)",
        `"storage.read" has no path: for storage.* the profile requires one (may be "/") and says the token MUST otherwise be rejected`,
        `"storage.create:data": path is not absolute`,
        `"storage.modify:/a/../b": path has dot segments (not normalised)`,
        `"storage.write" is not a storage authorization the profile defines (storage.read, storage.create, storage.modify, storage.stage)`,
        `"storage.read:/a%zz": path has a broken %-escape`,
      ],
    );
  });

  it("audience any, and an unnormalised audience", () => {
    const claims = { ...FTS, aud: [ANY_AUDIENCE, "https://se.example.org:443/"] };
    assert.deepEqual(rules(lintWlcgToken({ claims }).findings), [
      "warning wlcg.aud.any",
      "info wlcg.aud.normalize",
    ]);
  });

  it("header: HMAC, none, no kid, an algorithm not every RP supports", () => {
    const lint = (header: Record<string, unknown>) =>
      rules(lintWlcgToken({ header: header as { alg: string }, claims: FTS }).findings);
    assert.deepEqual(lint({ alg: "HS256" }), [
      "error wlcg.alg.asymmetric",
      "error wlcg.header.kid",
    ]);
    assert.deepEqual(lint({ alg: "none", kid: "k" }), ["error wlcg.alg.asymmetric"]);
    assert.deepEqual(lint({ alg: "PS256", kid: "k" }), ["warning wlcg.alg.interop"]);
    assert.deepEqual(lint({ alg: "ES256", kid: "k" }), []);
  });

  it("every required claim, and a SciToken recognised as such", () => {
    const findings = lintWlcgToken({ claims: { ver: "scitoken:2.0", scope: "read:/" } }).findings;
    assert.deepEqual(rules(findings), [
      "error wlcg.required.iss",
      "error wlcg.required.sub",
      "error wlcg.required.exp",
      "error wlcg.required.iat",
      "error wlcg.required.jti",
      "error wlcg.required.aud",
      "error wlcg.required.wlcg.ver",
      "warning ttt.ban.no-jti",
    ]);
    assert.match(
      findings[6]?.message ?? "",
      /ver "scitoken:2.0", so it probably follows another profile/,
    );
    assert.match(findings[7]?.message ?? "", /without sub not even its identity can be/);
  });

  it("types, issuer URL, sub format, wlcg.ver", () => {
    const lint = (extra: Record<string, unknown>) =>
      rules(lintWlcgToken({ claims: { ...FTS, ...extra } }).findings);
    assert.deepEqual(lint({ exp: "soon", aud: 5 }), ["error wlcg.type.exp", "error wlcg.type.aud"]);
    assert.deepEqual(lint({ iss: "http://iam.local" }), ["warning wlcg.iss.https"]);
    assert.deepEqual(lint({ sub: "zoë" }), ["error wlcg.sub.format"]);
    assert.deepEqual(lint({ sub: "x".repeat(256), client_id: "c" }), ["error wlcg.sub.format"]);
    assert.deepEqual(lint({ "wlcg.ver": "v1" }), ["error wlcg.ver.syntax"]);
    assert.deepEqual(lint({ "wlcg.ver": "2.0" }), ["error wlcg.ver.major"]);
    assert.deepEqual(lint({ "wlcg.ver": "1.1" }), ["warning wlcg.ver.compat"]);
  });

  it("groups: syntax and more than one VO root; no authorization at all", () => {
    const groups = {
      ...FTS,
      scope: undefined,
      "wlcg.groups": ["/atlas", "/atlas/prod", "/cms/x", "atlas"],
    };
    assert.deepEqual(rules(lintWlcgToken({ claims: groups }).findings), [
      "error wlcg.groups.syntax",
      "warning wlcg.groups.roots",
    ]);
    const bare = { ...FTS, scope: undefined };
    assert.deepEqual(rules(lintWlcgToken({ claims: bare }).findings), [
      "warning wlcg.authz.missing",
    ]);
  });

  it("lifetimes: invalid, short, above recommended; nbf backdated", () => {
    const lint = (extra: Record<string, unknown>) =>
      rules(lintWlcgToken({ claims: { ...FTS, ...extra } }).findings);
    assert.deepEqual(lint({ exp: NOW }), ["error wlcg.lifetime.invalid"]);
    assert.deepEqual(lint({ exp: NOW + 300 }), ["info wlcg.lifetime.too-short"]);
    assert.deepEqual(lint({ exp: NOW + 4 * 3600 }), ["info wlcg.lifetime.above-recommended"]);
    assert.deepEqual(lint({ exp: NOW + 6 * 3600 }), ["info wlcg.lifetime.above-recommended"]);
    assert.deepEqual(lint({ nbf: NOW - 3600 }), ["info wlcg.time.nbf-backdated"]);
  });

  it("ID tokens and refresh tokens use their own lifetimes", () => {
    const id = lintWlcgToken({ claims: { ...USER, nonce: "n", exp: NOW + 8 * 3600 } });
    assert.equal(id.kind.value, "id");
    assert.match(id.findings.at(-1)?.message ?? "", /default maximum for ID tokens/);
    const refresh = lintWlcgToken(
      { claims: { exp: NOW + 500 * 86400, iat: NOW } },
      { kind: "refresh" },
    );
    assert.deepEqual(rules(refresh.findings), ["warning wlcg.lifetime.too-long"]);
    assert.match(
      refresh.findings[0]?.message ?? "",
      /^lifetime 500 d \(43200000 s\) exceeds the default maximum for refresh tokens \(1 d – 400 d, recommended 30 d\)/,
    );
  });
});
