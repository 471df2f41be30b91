import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ParsedEvent } from "../events/trace-event.js";
import { iamAuditFormat, parseSpringPrefix } from "./iam-audit.parser.js";
import type { LineResult } from "./parser.js";

const PREFIX = "2024-09-03 10:11:12.345  INFO 4242 --- [nio-8080-exec-7] AUDIT : ";
const ISS = "https://iam.example.org/";
const AT_MS = Date.UTC(2024, 8, 3, 10, 11, 12, 345);

/** An audit JSON object like IAM's Jackson output; values are invented. */
function audit(type: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    timestamp: AT_MS,
    "@type": type,
    category: "TOKEN",
    principal: "svc-client-1",
    message: "Issue access token",
    ...extra,
    source: "DefaultTokenServices",
  });
}

const PAYLOAD = {
  iss: ISS,
  sub: "0b9e7c1a-0000-4000-8000-00000000a001",
  aud: ["https://storage.example.org", "https://ce.example.org"],
  exp: 1725361872,
  iat: 1725358272,
  jti: "5f1d2c3b-0000-4000-8000-00000000b001",
  client_id: "client-alpha",
  scope: "openid storage.read:/data",
  "wlcg.ver": "1.0",
  "wlcg.groups": ["/vo-one", "/vo-one/prod"],
};

function parse(line: string): LineResult {
  return iamAuditFormat.create().parseLine(line, 1);
}

function one(line: string): ParsedEvent {
  const r = parse(line);
  assert.equal(r.kind, "events", JSON.stringify(r));
  if (r.kind !== "events") throw new Error("unreachable");
  assert.equal(r.events.length, 1);
  return r.events[0]!;
}

function badReason(line: string): string {
  const r = parse(line);
  assert.equal(r.kind, "bad", JSON.stringify(r));
  return r.kind === "bad" ? r.reason : "";
}

describe("iam-audit: token events", () => {
  it("AccessTokenIssuedEvent with refreshTokenJti", () => {
    const ev = one(
      PREFIX +
        audit("AccessTokenIssuedEvent", {
          scopes: ["openid", "storage.read:/data"],
          subject: "user-one",
          grantType: "refresh_token",
          header: { alg: "RS256", kid: "rsa1" },
          payload: PAYLOAD,
          refreshTokenJti: "r-0000-1111",
        }),
    );
    assert.equal(ev.component, "iam");
    assert.equal(ev.action, "token.issued");
    assert.equal(ev.outcome, "success");
    assert.equal(ev.timeMs, AT_MS);
    assert.equal(ev.tzOffsetMin, 0); // epoch milliseconds in the JSON: an instant
    assert.equal(ev.iss, ISS);
    assert.equal(ev.sub, PAYLOAD.sub);
    assert.equal(ev.jti, PAYLOAD.jti);
    assert.equal(ev.clientId, "client-alpha");
    assert.equal(ev.tokenExp, 1725361872);
    assert.deepEqual(ev.groups, ["/vo-one", "/vo-one/prod"]);
    assert.deepEqual(ev.details, {
      tokenType: "access",
      scope: "openid storage.read:/data",
      aud: "https://storage.example.org https://ce.example.org",
      refreshTokenJti: "r-0000-1111",
      grantType: "refresh_token",
      subject: "user-one",
      principal: "svc-client-1",
    });
  });

  it("RefreshTokenIssuedEvent, IdTokenIssuedEvent and the refresh/introspect/revoke events", () => {
    const refresh = one(PREFIX + audit("RefreshTokenIssuedEvent", { payload: { jti: "r-1" } }));
    assert.equal(refresh.action, "token.issued");
    assert.equal(refresh.details?.tokenType, "refresh");
    assert.equal(refresh.jti, "r-1");
    const id = one(
      PREFIX + audit("IdTokenIssuedEvent", { payload: { azp: "client-b", aud: "client-b" } }),
    );
    assert.equal(id.details?.tokenType, "id");
    assert.equal(id.clientId, "client-b");
    assert.equal(id.details?.aud, "client-b");
    assert.equal(one(PREFIX + audit("AccessTokenRefreshedEvent")).action, "token.refreshed");
    const intro = one(
      PREFIX +
        audit("IntrospectionEvent", {
          tokenValue: "eyJzdWIiOiJ...",
          response: { active: true, sub: "s-9", jti: "j-9" },
        }),
    );
    assert.equal(intro.action, "token.introspected");
    assert.equal(intro.details?.active, true);
    assert.equal(intro.jti, "j-9");
    assert.ok(!JSON.stringify(intro).includes("eyJzdWIi"), "tokenValue must not be copied");
    assert.equal(one(PREFIX + audit("RevocationEvent")).action, "token.revoked");
  });

  it("a fully qualified @type, groups claim, string exp, ISO timestamp with offset", () => {
    const ev = one(
      PREFIX +
        audit("it.infn.mw.iam.audit.events.tokens.AccessTokenIssuedEvent", {
          timestamp: "2024-09-03T12:11:12.345+02:00",
          payload: { exp: "1725361872", groups: ["g1"], aud: "one" },
        }),
    );
    assert.equal(ev.action, "token.issued");
    assert.equal(ev.timeMs, AT_MS);
    assert.equal(ev.tzOffsetMin, 120);
    assert.equal(ev.tokenExp, 1725361872);
    assert.deepEqual(ev.groups, ["g1"]);
  });

  it("exp as Jackson ISO date or epoch ms, and wrong shapes become null", () => {
    const iso = one(
      PREFIX +
        audit("AccessTokenIssuedEvent", { payload: { exp: "2024-09-03T11:11:12.000+0000" } }),
    );
    assert.equal(iso.tokenExp, 1725361872);
    const ms = one(PREFIX + audit("AccessTokenIssuedEvent", { payload: { exp: 1725361872000 } }));
    assert.equal(ms.tokenExp, 1725361872);
    const wrong = one(
      PREFIX +
        audit("AccessTokenIssuedEvent", {
          payload: { iss: 7, sub: ["x"], jti: {}, exp: "soon", "wlcg.groups": ["/a", 3], aud: [1] },
          grantType: 5,
        }),
    );
    assert.equal(wrong.iss, null);
    assert.equal(wrong.sub, null);
    assert.equal(wrong.jti, null);
    assert.equal(wrong.tokenExp, null);
    assert.equal(wrong.groups, null);
    assert.equal(wrong.details?.aud, undefined);
    assert.equal(wrong.details?.grantType, undefined);
  });

  it("falls back to the prefix time when the JSON timestamp is missing or unusable", () => {
    const ev = one(PREFIX + audit("AccessTokenIssuedEvent", { timestamp: "yesterday" }));
    assert.equal(ev.timeMs, AT_MS);
    assert.equal(one(PREFIX + audit("AccessTokenIssuedEvent", { timestamp: 1e20 })).timeMs, AT_MS);
    // Seconds where IAM writes milliseconds (1970 as ms): the prefix's time, not a line dropped.
    const seconds = Math.floor(AT_MS / 1000);
    assert.equal(
      one(PREFIX + audit("AccessTokenIssuedEvent", { timestamp: seconds })).timeMs,
      AT_MS,
    );
  });

  it("a usable JSON timestamp rescues an impossible prefix date (offset from the JSON)", () => {
    const line = "2024-02-30 10:11:12.345 +9900 INFO 1 --- [m] AUDIT : ";
    const ev = one(
      line + audit("AccessTokenIssuedEvent", { timestamp: "2024-09-03T10:11:12.345Z" }),
    );
    assert.equal(ev.timeMs, AT_MS);
    assert.equal(ev.tzOffsetMin, 0);
  });
});

describe("iam-audit: account and authentication events", () => {
  it("AccountSuspendedEvent / AccountUnsuspendedEvent name the account", () => {
    const account = { uuid: "acc-uuid-0001", name: "user-one" };
    const ev = one(
      PREFIX +
        audit("AccountSuspendedEvent", { category: "ACCOUNT", account, principal: "admin-x" }),
    );
    assert.equal(ev.action, "account.suspended");
    assert.equal(ev.objectKind, "account");
    assert.equal(ev.object, "acc-uuid-0001");
    assert.equal(ev.sub, "acc-uuid-0001");
    assert.equal(ev.details?.accountName, "user-one");
    assert.equal(ev.details?.principal, "admin-x");
    const un = one(PREFIX + audit("AccountUnsuspendedEvent", { category: "ACCOUNT", account }));
    assert.equal(un.action, "account.unsuspended");
  });

  it("other TOKEN/ACCOUNT/AUTHENTICATION events get a dotted action", () => {
    const ok = one(PREFIX + audit("IamAuthenticationSuccessEvent", { category: "AUTHENTICATION" }));
    assert.equal(ok.action, "auth.login");
    assert.equal(ok.outcome, "success");
    const ko = one(PREFIX + audit("IamAuthenticationFailureEvent", { category: "AUTHENTICATION" }));
    assert.equal(ko.action, "auth.login");
    assert.equal(ko.outcome, "failure");
    const res = one(PREFIX + audit("ResourceTokenIssuedEvent"));
    assert.equal(res.action, "token.issued");
    assert.equal(res.details?.tokenType, "resource");
    assert.equal(
      one(PREFIX + audit("EmailVerifiedEvent", { category: "ACCOUNT" })).action,
      "account.email.verified",
    );
  });

  it("audit events of other categories are ignored", () => {
    assert.equal(
      parse(PREFIX + audit("GroupReplacedEvent", { category: "GROUP" })).kind,
      "ignored",
    );
  });
});

describe("iam-audit: prefix variants", () => {
  const json = audit("AccessTokenIssuedEvent", { timestamp: undefined });
  const cases: [string, number, number | null][] = [
    ["2024-09-03 10:11:12  INFO 1 --- [main] AUDIT : ", Date.UTC(2024, 8, 3, 10, 11, 12), null],
    ["2024-09-03T10:11:12.345Z  INFO 1 --- [main] AUDIT : ", AT_MS, 0],
    ["2024-09-03T12:11:12.345+02:00  INFO 1 --- [iam] [  main] AUDIT : ", AT_MS, 120],
    ["2024-09-03 06:11:12,345 -0400 INFO --- [exec-1] AUDIT: ", AT_MS, -240],
    ["2024-09-03 10:11:12.345 INFO 77 --- [exec-1] i.i.m.i.a.IamAuditEventLogger : ", AT_MS, null],
    ["2024-09-03 10:11:12.345 INFO [exec-1] AUDIT : ", AT_MS, null],
  ];
  for (const [prefix, ms, tz] of cases) {
    it(prefix, () => {
      const ev = one(prefix + json);
      assert.equal(ev.timeMs, ms);
      assert.equal(ev.tzOffsetMin, tz);
    });
  }

  it("a bare JSON line uses its own timestamp", () => {
    assert.equal(one(audit("AccessTokenIssuedEvent")).timeMs, AT_MS);
  });

  it("parseSpringPrefix marks impossible dates with NaN", () => {
    assert.ok(Number.isNaN(parseSpringPrefix("2024-02-30 10:11:12 INFO AUDIT : x")?.timeMs));
  });
});

describe("iam-audit: bad and odd input never throws", () => {
  it("bad_json, missing_json, missing_field, unknown_line", () => {
    assert.equal(
      badReason(PREFIX + '{"@type":"AccessTokenIssuedEvent","category":"TO'),
      "bad_json",
    );
    assert.equal(badReason(PREFIX + "Data parsing error: boom"), "missing_json");
    assert.equal(badReason(PREFIX + '{"category":"TOKEN"}'), "missing_field");
    assert.equal(badReason(PREFIX + "[1,2]".replace("[", "{").replace("]", "}")), "bad_json");
    assert.equal(badReason("garbage line without anything"), "unknown_line");
    assert.equal(badReason("not a prefix {}"), "unknown_line");
  });

  it("bad_timestamp: impossible prefix date and no JSON time; bare JSON without time", () => {
    const noTime = audit("AccessTokenIssuedEvent", { timestamp: undefined });
    assert.equal(
      badReason("2024-13-03 10:11:12.345 INFO 1 --- [m] AUDIT : " + noTime),
      "bad_timestamp",
    );
    assert.equal(
      badReason("2023-02-29 10:11:12.345 INFO 1 --- [m] AUDIT : " + noTime),
      "bad_timestamp",
    );
    assert.equal(badReason(noTime), "bad_timestamp");
  });

  it("empty, blank, overlong, NUL and replacement characters", () => {
    assert.equal(parse("").kind, "ignored");
    assert.equal(parse("   \t").kind, "ignored");
    assert.equal(badReason(PREFIX + "{" + "x".repeat(70000) + "}"), "line_too_long");
    assert.equal(badReason(PREFIX + '{"@type":"\u0000\uFFFD'), "bad_json");
    assert.equal(badReason("\u0000\u0000\uFFFD\uFFFD"), "unknown_line");
    for (let cut = 0; cut < 200; cut += 7) {
      const line = (PREFIX + audit("AccessTokenIssuedEvent", { payload: PAYLOAD })).slice(0, cut);
      assert.doesNotThrow(() => parse(line));
    }
  });

  it("stateless, and sniffs only audit JSON", () => {
    const parser = iamAuditFormat.create({ junk: true });
    assert.equal(parser.saveState(), null);
    assert.equal(iamAuditFormat.sniff(PREFIX + audit("AccessTokenIssuedEvent")), true);
    assert.equal(iamAuditFormat.sniff(PREFIX + "Started IamLoginService in 12 seconds"), false);
    assert.equal(iamAuditFormat.sniff('"@type" "category" {}'), false);
  });
});
