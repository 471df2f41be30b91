import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ParsedEvent } from "../events/trace-event.js";
import { ftsFormat } from "./fts.parser.js";
import type { LineResult } from "./parser.js";

const PREFIX = "INFO    Tue, 03 Sep 2024 10:11:12 +0200; ";
const AT_MS = Date.UTC(2024, 8, 3, 8, 11, 12);
const ISS = "https://iam.example.org/";
// Invented token fragments: none of them may appear in any output.
const FRAGMENTS = [
  "abcde...vwxyz",
  "fghij...klmno",
  "pqrst...uvwab",
  "eyJraWQiOiJ0ZXN0In0.eyJzdWIiOiJ4In0.c2ln",
];

function parse(line: string): LineResult {
  return ftsFormat.create().parseLine(line, 1);
}

function one(line: string): ParsedEvent {
  const r = parse(line);
  assert.equal(r.kind, "events", JSON.stringify(r));
  if (r.kind !== "events") throw new Error("unreachable");
  assert.equal(r.events.length, 1);
  const text = JSON.stringify(r.events);
  for (const f of FRAGMENTS) assert.ok(!text.includes(f), `token material copied: ${f}`);
  assert.ok(!/access_token|refresh_token/.test(text), "token keys copied");
  return r.events[0]!;
}

function badReason(line: string): string {
  const r = parse(line);
  assert.equal(r.kind, "bad", JSON.stringify(r));
  return r.kind === "bad" ? r.reason : "";
}

describe("fts: token daemon messages", () => {
  it("Starting token-exchange", () => {
    const ev = one(
      `${PREFIX}Starting token-exchange: token_id=0a1b2c3d4e5f6789 expiration_time=1725361872 issuer=${ISS} access_token=abcde...vwxyz`,
    );
    assert.equal(ev.component, "fts");
    assert.equal(ev.action, "token.exchange.started");
    assert.equal(ev.outcome, "unknown");
    assert.equal(ev.timeMs, AT_MS);
    assert.equal(ev.tzOffsetMin, 120);
    assert.equal(ev.corr, "token_id:0a1b2c3d4e5f6789");
    assert.equal(ev.iss, ISS);
    assert.equal(ev.tokenExp, 1725361872);
    assert.deepEqual(ev.details, { tokenId: "0a1b2c3d4e5f6789" });
  });

  it("Obtained exchanged token (refresh_token printed whole by older releases)", () => {
    const ev = one(
      `${PREFIX}Obtained exchanged token: token_id=0a1b2c3d4e5f6789 expiration_time=1725365472 access_token=fghij...klmno refresh_token=${FRAGMENTS[3]}`,
    );
    assert.equal(ev.action, "token.exchanged");
    assert.equal(ev.outcome, "success");
    assert.equal(ev.tokenExp, 1725365472);
    assert.equal(ev.iss, null);
  });

  it("Storing exchanged token", () => {
    const ev = one(
      `${PREFIX}Storing exchanged token: token_id=0a1b2c3d4e5f6789 access_token=fghij...klmno refresh_token=pqrst...uvwab`,
    );
    assert.equal(ev.action, "token.exchange.stored");
    assert.equal(ev.corr, "token_id:0a1b2c3d4e5f6789");
    assert.equal(ev.tokenExp, null);
  });

  it("Starting token-refresh, keys in another order and a value absent", () => {
    const ev = one(
      `${PREFIX}Starting token-refresh: access_token=abcde...vwxyz issuer= token_id=00ff00ff00ff00ff expiration_time=1725361872`,
    );
    assert.equal(ev.action, "token.refresh.started");
    assert.equal(ev.corr, "token_id:00ff00ff00ff00ff");
    assert.equal(ev.iss, null);
    assert.equal(ev.tokenExp, 1725361872);
  });

  it("Obtained refreshed access token", () => {
    const ev = one(
      `${PREFIX}Obtained refreshed access token: token_id=00ff00ff00ff00ff expiration_time=1725369072 access_token=fghij...klmno refresh_token=pqrst...uvwab`,
    );
    assert.equal(ev.action, "token.refreshed");
    assert.equal(ev.outcome, "success");
  });

  it("Failed to refresh access token (ERR with file/function/line, response and error forms)", () => {
    const ev = one(
      `ERR     Tue, 03 Sep 2024 10:11:12 +0200; TokenRefreshExecutor.cpp; run; 61; Failed to refresh access token: token_id=00ff00ff00ff00ff response: '{"error":"invalid_grant","error_description":"Invalid refresh token: pqrst...uvwab"}'`,
    );
    assert.equal(ev.action, "token.refresh.failed");
    assert.equal(ev.outcome, "failure");
    assert.equal(ev.corr, "token_id:00ff00ff00ff00ff");
    assert.equal(
      ev.details?.error,
      '{"error":"invalid_grant","error_description":"Invalid refresh token: <redacted>"}',
    );
    const scoped = one(
      `${PREFIX}Failed to refresh access token: token_id=00ff00ff00ff00ff response: 'bad issuer=https://other.example.org/'`,
    );
    assert.equal(scoped.iss, null, "keys inside the quoted error are not the line's keys");
    const huge = one(
      `${PREFIX}Failed to refresh access token: token_id=00ff00ff00ff00ff response: '${"a".repeat(60000)}'`,
    );
    assert.equal(String(huge.details?.error).length, 1024);
    const other = one(
      `${PREFIX}Failed to refresh access token: token_id=00ff00ff00ff00ff error: 'timeout'`,
    );
    assert.equal(other.details?.error, "timeout");
  });

  it("Failed to obtain refresh token (exchange failure)", () => {
    const ev = one(
      `${PREFIX}Failed to obtain refresh token: token_id=0a1b2c3d4e5f6789 response: 'denied'`,
    );
    assert.equal(ev.action, "token.exchange.failed");
    assert.equal(ev.details?.error, "denied");
  });

  it("REST log: <sub> logged in via oauth2", () => {
    const ev = one(`${PREFIX}f3c1a0de-0000-4000-8000-00000000c001 logged in via oauth2`);
    assert.equal(ev.action, "auth.login");
    assert.equal(ev.outcome, "success");
    assert.equal(ev.sub, "f3c1a0de-0000-4000-8000-00000000c001");
  });

  it("older releases: local date without offset, read as UTC", () => {
    const ev = one(
      "INFO    Tue Sep 03 10:11:12 2024; Starting token-refresh: token_id=0a1b2c3d4e5f6789",
    );
    assert.equal(ev.timeMs, Date.UTC(2024, 8, 3, 10, 11, 12));
    assert.equal(ev.tzOffsetMin, null);
  });

  it("a one-digit day and an offset with a colon (regex path)", () => {
    const ev = one("INFO    Tue, 3 Sep 2024 10:11:12 +02:00; x logged in via oauth2");
    assert.equal(ev.timeMs, AT_MS);
    assert.equal(ev.tzOffsetMin, 120);
  });

  it("a negative offset and WARNING padding", () => {
    const ev = one("WARNING Mon, 02 Sep 2024 23:59:59 -0530; x logged in via oauth2");
    assert.equal(ev.timeMs, Date.UTC(2024, 8, 3, 5, 29, 59));
    assert.equal(ev.tzOffsetMin, -330);
  });

  it("other FTS lines are ignored", () => {
    assert.equal(parse(`${PREFIX}Transfer accepted job_id=abc file_id=12`).kind, "ignored");
    assert.equal(parse(`${PREFIX}TokenRefresh: token provider loaded`).kind, "ignored");
    assert.equal(parse(`${PREFIX}`).kind, "ignored");
  });
});

describe("fts: bad and odd input never throws", () => {
  it("unknown_line and bad_timestamp", () => {
    assert.equal(badReason("Starting token-exchange: token_id=1"), "unknown_line");
    assert.equal(badReason("INFO    Tue, 30 Feb 2024 10:11:12 +0200; x"), "bad_timestamp");
    assert.equal(badReason("INFO    Tue, 03 Foo 2024 10:11:12 +0200; x"), "bad_timestamp");
    assert.equal(badReason("INFO    Wed, 03 Sep 2024 10:11:12 +0200; x"), "bad_timestamp");
    assert.equal(badReason("INFO    Tue, 03 Sep 2024 25:11:12 +0200; x"), "bad_timestamp");
    assert.equal(badReason("INFO    Tue, 03 Sep 2024 1x:11:12 +0200; x"), "bad_timestamp");
    assert.equal(badReason("INFO    Tue, 03 Sep 2024 10:11:12 +2500; x"), "bad_timestamp");
    assert.equal(badReason("INFO    Tue, 03 Sep 1969 10:11:12 +0200; x"), "bad_timestamp");
  });

  it("empty, blank, overlong, NUL and replacement characters", () => {
    assert.equal(parse("").kind, "ignored");
    assert.equal(parse(" \t ").kind, "ignored");
    assert.equal(badReason(PREFIX + "x".repeat(70000)), "line_too_long");
    assert.equal(badReason("\u0000\uFFFD"), "unknown_line");
    const nul = one(`${PREFIX}Starting token-exchange: token_id=\u0000\uFFFD issuer=\uFFFD`);
    assert.equal(nul.corr, null);
    const full = `${PREFIX}Failed to refresh access token: token_id=00ff response: 'x'`;
    for (let cut = 0; cut <= full.length; cut += 2) {
      assert.doesNotThrow(() => parse(full.slice(0, cut)));
    }
  });

  it("stateless, and sniffs the FTS prefix", () => {
    assert.equal(ftsFormat.create({}).saveState(), null);
    assert.equal(ftsFormat.sniff(`${PREFIX}anything`), true);
    assert.equal(ftsFormat.sniff("INFO    Tue Sep 03 10:11:12 2024; anything"), true);
    assert.equal(ftsFormat.sniff("2024-09-03 10:11:12 INFO x"), false);
  });
});
