import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EXCHANGE_GRANT, isIssuance, tokenFacts, tpcSourcePath, validity } from "./token-facts.js";
import { TEST_ISS, TEST_T0, storedEvents } from "../../test-support/stored-events.js";

const ISS = TEST_ISS;
const T0 = TEST_T0;
const EXP = T0 / 1000 + 3600;

const ev = storedEvents({
  component: "iam",
  action: "token.issued",
  file: "logs/iam-audit.log",
  fileId: 1,
});

describe("tokenFacts", () => {
  it("takes nothing but the use from a dCache line that names the token second", () => {
    const line = ev({
      component: "dcache",
      action: "storage.get",
      iss: null,
      sub: "carol@example.org",
      jti: "j-1",
      details: {
        jtis: "j-1@egi-checkin,j-2@wlcg",
        subjects: "carol@example.org@egi-checkin,8f1e@wlcg",
      },
    });
    const second = tokenFacts("j-2", [line]);
    assert.deepEqual(
      [second.sub, second.clientId, second.exp, second.kind],
      [null, null, null, "access"],
    );
    assert.equal(tokenFacts("j-1", [line]).sub, "carol@example.org", "the first token's own line");
  });

  it("reads an IAM access-token issuance: kind, subject, grant, client, exp", () => {
    const issued = ev({
      iss: ISS,
      sub: "sub-1",
      jti: "jti-a1",
      clientId: "client-nb",
      tokenExp: EXP,
      details: {
        tokenType: "access",
        subject: "alice",
        grantType: "authorization_code",
        principal: "client-other",
      },
    });
    const f = tokenFacts("jti-a1", [issued]);
    assert.deepEqual(f, {
      jti: "jti-a1",
      iss: ISS,
      sub: "sub-1",
      clientId: "client-nb",
      kind: "access",
      issuedAtMs: T0,
      exp: EXP,
      username: "alice",
      grantType: "authorization_code",
      refreshedFrom: null,
      issuance: issued,
    });
  });

  it("reads a refresh token's issuance as kind refresh", () => {
    const f = tokenFacts("jti-r1", [
      ev({ jti: "jti-r1", sub: "sub-1", details: { tokenType: "refresh", subject: "alice" } }),
    ]);
    assert.equal(f.kind, "refresh");
    assert.equal(f.username, "alice");
    assert.equal(f.exp, null);
  });

  it("uses the principal as client when the issuance has no clientId", () => {
    const f = tokenFacts("jti-a2", [
      ev({ jti: "jti-a2", details: { tokenType: "access", principal: "client-fts" } }),
    ]);
    assert.equal(f.clientId, "client-fts");
  });

  it("reads token.refreshed: refreshTokenJti and the access kind", () => {
    const line = ev({
      action: "token.refreshed",
      jti: "jti-a3",
      sub: "sub-1",
      clientId: "client-fts",
      details: { refreshTokenJti: "jti-r1", grantType: "refresh_token" },
    });
    assert.equal(isIssuance(line), true);
    const f = tokenFacts("jti-a3", [line]);
    assert.equal(f.kind, "access");
    assert.equal(f.refreshedFrom, "jti-r1");
    assert.equal(f.grantType, "refresh_token");
    assert.equal(f.issuedAtMs, T0);
  });

  it("ignores an issuance line of another jti", () => {
    const f = tokenFacts("jti-a4", [ev({ jti: "jti-other", details: { tokenType: "refresh" } })]);
    assert.equal(f.issuance, null);
    assert.equal(f.kind, "unknown");
    assert.equal(f.issuedAtMs, null);
  });

  it("a token seen only at dCache is an access token without issuance time", () => {
    const use = ev({
      component: "dcache",
      action: "storage.get",
      jti: "jti-a5",
      iss: ISS,
      sub: "sub-2",
      clientIp: "203.0.113.7",
      tokenExp: EXP,
    });
    const f = tokenFacts("jti-a5", [use]);
    assert.equal(f.kind, "access");
    assert.equal(f.iss, ISS);
    assert.equal(f.sub, "sub-2");
    assert.equal(f.exp, EXP);
    assert.equal(f.issuedAtMs, null);
    assert.equal(f.issuance, null);
  });

  it("a token seen only at IAM (not issued) or FTS stays of unknown kind", () => {
    const introspected = ev({ action: "token.introspected", jti: "jti-a6" });
    const fts = ev({ component: "fts", action: "token.exchanged", jti: "jti-a6" });
    assert.equal(tokenFacts("jti-a6", [introspected, fts]).kind, "unknown");
  });

  it("takes exp from any line when the issuance lacks it", () => {
    const issued = ev({ jti: "jti-a7", details: { tokenType: "access" } });
    const use = ev({
      component: "dcache",
      action: "storage.put",
      jti: "jti-a7",
      tokenExp: EXP + 60,
      timeMs: T0 + 5000,
    });
    const f = tokenFacts("jti-a7", [use, issued]);
    assert.equal(f.exp, EXP + 60);
    assert.equal(f.issuedAtMs, T0);
  });

  it("prefers the issuance's own fields over those of earlier use lines", () => {
    const use = ev({ component: "dcache", action: "storage.get", jti: "jti-a8", sub: "sub-x" });
    const issued = ev({ jti: "jti-a8", sub: "sub-1", details: { tokenType: "access" } });
    assert.equal(tokenFacts("jti-a8", [use, issued]).sub, "sub-1");
  });

  it("treats empty-string details as absent", () => {
    const f = tokenFacts("jti-a9", [
      ev({ jti: "jti-a9", details: { tokenType: "access", subject: "", grantType: "" } }),
    ]);
    assert.equal(f.username, null);
    assert.equal(f.grantType, null);
    assert.notEqual(f.grantType, EXCHANGE_GRANT);
  });
});

describe("validity", () => {
  const access = tokenFacts("jti-v1", [
    ev({ jti: "jti-v1", tokenExp: EXP, details: { tokenType: "access" } }),
  ]);

  it("spans issuance to exp with the slack on both sides", () => {
    assert.deepEqual(validity(access, 300_000), {
      fromMs: T0 - 300_000,
      toMs: EXP * 1000 + 300_000,
    });
  });

  it("is null for a refresh token", () => {
    const refresh = tokenFacts("jti-v2", [
      ev({ jti: "jti-v2", tokenExp: EXP, details: { tokenType: "refresh" } }),
    ]);
    assert.equal(validity(refresh, 0), null);
  });

  it("is null without issuance or without exp", () => {
    const noExp = tokenFacts("jti-v3", [ev({ jti: "jti-v3", details: { tokenType: "access" } })]);
    assert.equal(validity(noExp, 0), null);
    const noIssuance = tokenFacts("jti-v4", [
      ev({ component: "dcache", action: "storage.get", jti: "jti-v4", tokenExp: EXP }),
    ]);
    assert.equal(validity(noIssuance, 0), null);
  });
});

describe("tpcSourcePath", () => {
  const copy = (src: string | number | null) =>
    ev({ component: "dcache", action: "storage.copy", details: { "tpc.source": src } });

  it("decodes the source URL's path", () => {
    assert.equal(
      tpcSourcePath(copy("https://se.example.org:2880/atlas/data%20set/file%2B1.root?x=1")),
      "/atlas/data set/file+1.root",
    );
  });

  it("is null for a malformed URL or malformed escapes", () => {
    assert.equal(tpcSourcePath(copy("not a url")), null);
    assert.equal(tpcSourcePath(copy("https://se.example.org/bad%E0%A4%A")), null);
  });

  it("is null without a tpc.source string", () => {
    assert.equal(tpcSourcePath(copy(null)), null);
    assert.equal(tpcSourcePath(copy(42)), null);
    assert.equal(tpcSourcePath(copy("")), null);
    assert.equal(tpcSourcePath(ev({ component: "dcache", action: "storage.get" })), null);
  });
});

describe("ID tokens", () => {
  it("an IAM ID-token issuance is neither an access nor a refresh token, so it has no use window", () => {
    const f = tokenFacts("jti-id1", [
      ev({ jti: "jti-id1", tokenExp: 1_725_333_009, details: { tokenType: "id" } }),
    ]);
    assert.equal(f.kind, "unknown");
    assert.equal(validity(f, 0), null);
  });
});
