import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ParsedEvent } from "../events/trace-event.js";
import { iamExchangeFormat } from "./iam-exchange.parser.js";
import type { LineResult } from "./parser.js";

const PREFIX =
  "2024-09-03T10:11:12.345+02:00  INFO 4242 --- [nio-8080-exec-3] i.i.m.i.c.o.g.TokenExchangeTokenGranter : ";
const AT_MS = Date.UTC(2024, 8, 3, 8, 11, 12, 345);

function parse(line: string): LineResult {
  return iamExchangeFormat.create().parseLine(line, 1);
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

describe("iam-exchange: the documented wordings", () => {
  it("requests token exchange … to impersonate user …", () => {
    const ev = one(
      PREFIX +
        "Client 'actor-client' requests token exchange from client 'subject-client' to impersonate user 'user-one' on audience 'https://storage.example.org' with scopes '[openid, storage.read:/data]'",
    );
    assert.equal(ev.component, "iam");
    assert.equal(ev.action, "token.exchange.requested");
    assert.equal(ev.timeMs, AT_MS);
    assert.equal(ev.tzOffsetMin, 120);
    assert.equal(ev.clientId, "actor-client");
    assert.equal(ev.sub, "user-one");
    assert.deepEqual(ev.details, {
      actorClient: "actor-client",
      subjectClient: "subject-client",
      aud: "https://storage.example.org",
      scope: "openid storage.read:/data",
    });
  });

  it("requests token exchange … without a user (older client-credentials wording)", () => {
    const ev = one(
      PREFIX +
        "Client 'actor-client' requests token exchange from client 'subject-client' on audience 'null' with scopes '[storage.read:/]'",
    );
    assert.equal(ev.sub, null);
    assert.deepEqual(ev.details, {
      actorClient: "actor-client",
      subjectClient: "subject-client",
      aud: null,
      scope: "storage.read:/",
    });
  });

  it("impersonates … from …", () => {
    const ev = one(
      PREFIX +
        "Client 'actor-client' impersonates 'user-two' from 'subject-client' audience 'aud-x' scopes '[openid, offline_access]'",
    );
    assert.equal(ev.clientId, "actor-client");
    assert.equal(ev.sub, "user-two");
    assert.equal(ev.details?.subjectClient, "subject-client");
    assert.equal(ev.details?.aud, "aud-x");
    assert.equal(ev.details?.scope, "openid offline_access");
  });

  it("exchanges token from … (client credentials)", () => {
    const ev = one(
      PREFIX +
        "Client 'actor-client' exchanges token from 'subject-client' audience 'aud-y' scopes '[]'",
    );
    assert.equal(ev.sub, null);
    assert.equal(ev.details?.subjectClient, "subject-client");
    assert.equal(ev.details?.aud, "aud-y");
    assert.equal(ev.details?.scope, null);
  });

  it("a quote inside a value does not derail the parse", () => {
    const ev = one(
      PREFIX +
        "Client 'o'brien-client' impersonates 'user-3' from 'sc' audience 'a' scopes 'openid'",
    );
    assert.equal(ev.clientId, "o'brien-client");
    assert.equal(ev.details?.scope, "openid");
  });
});

describe("iam-exchange: the rest of IAM's main log", () => {
  it("other Spring Boot lines are ignored", () => {
    assert.equal(parse(PREFIX + "Started IamLoginService in 21.3 seconds").kind, "ignored");
    assert.equal(parse(PREFIX + "Client 'x' registered").kind, "ignored");
    assert.equal(parse(PREFIX + "payload {not json at all}").kind, "ignored");
  });

  it("an audit JSON entry in the same file is parsed like iam-audit", () => {
    const json = JSON.stringify({
      timestamp: AT_MS,
      "@type": "AccessTokenIssuedEvent",
      category: "TOKEN",
      grantType: "urn:ietf:params:oauth:grant-type:token-exchange",
      payload: { jti: "jti-x-1", sub: "sub-x-1", client_id: "actor-client" },
    });
    const ev = one("2024-09-03 08:11:12.345  INFO 1 --- [exec-2] AUDIT : " + json);
    assert.equal(ev.action, "token.issued");
    assert.equal(ev.jti, "jti-x-1");
    assert.equal(ev.details?.grantType, "urn:ietf:params:oauth:grant-type:token-exchange");
  });

  it("stack-trace continuation lines are ignored, other unprefixed lines are bad", () => {
    assert.equal(parse("\tat it.example.Foo.bar(Foo.java:42)").kind, "ignored");
    assert.equal(parse("Caused by: java.lang.IllegalStateException: boom").kind, "ignored");
    assert.equal(parse("java.lang.IllegalStateException: boom").kind, "ignored");
    assert.equal(badReason("INFO something without a date"), "unknown_line");
  });
});

describe("iam-exchange: bad and odd input never throws", () => {
  it("truncated exchange line → missing_field; impossible date → bad_timestamp", () => {
    assert.equal(
      badReason(PREFIX + "Client 'a' requests token exchange from client 'b' to imperso"),
      "missing_field",
    );
    assert.equal(
      badReason(
        "2024-02-30 10:11:12.345 INFO 1 --- [m] X : Client 'a' exchanges token from 'b' audience 'c' scopes 'd'",
      ),
      "bad_timestamp",
    );
    assert.equal(badReason('2024-09-03 10:11:12.345 INFO 1 --- [m] AUDIT : {"@type":'), "bad_json");
  });

  it("empty, blank, overlong, NUL and replacement characters", () => {
    assert.equal(parse("").kind, "ignored");
    assert.equal(parse("  ").kind, "ignored");
    assert.equal(badReason(PREFIX + "x".repeat(70000)), "line_too_long");
    assert.equal(badReason("\u0000\uFFFD\u0000"), "unknown_line");
    assert.doesNotThrow(() => parse(PREFIX + "Client '\u0000' impersonates '\uFFFD' from"));
    const full = PREFIX + "Client 'a' impersonates 'u' from 'b' audience 'c' scopes '[x, y]'";
    for (let cut = 0; cut <= full.length; cut += 3) {
      assert.doesNotThrow(() => parse(full.slice(0, cut)));
    }
  });

  it("stateless, and sniffs only exchange lines", () => {
    assert.equal(iamExchangeFormat.create("junk").saveState(), null);
    assert.equal(
      iamExchangeFormat.sniff(
        PREFIX + "Client 'a' exchanges token from 'b' audience 'c' scopes 'd'",
      ),
      true,
    );
    assert.equal(iamExchangeFormat.sniff(PREFIX + "Started IamLoginService"), false);
    assert.equal(iamExchangeFormat.sniff("Client 'a' impersonates 'u' from 'b'"), false);
  });
});
