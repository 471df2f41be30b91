import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ParsedEvent } from "../events/trace-event.js";
import type { LineResult } from "./parser.js";
import { xrootdFormat } from "./xrootd.parser.js";

const SUB = "8d3f2a10-1111-4c2b-9e0f-123456789abc";
const ISS = "https://atlas-auth.example.org/";
const AT = Date.UTC(2024, 9, 3, 10, 11, 12);
const KEYS = `mapped_username=atlasprd, subject=${SUB}, issuer=${ISS}`;
const DEBUG = `241003 10:11:12 4711 scitokens_Access: New valid token ${KEYS}`;
const RECORD = `&Uc=12345&s=${SUB}&n=atlasprd&o=${ISS}&r=&g=/atlas /atlas/production `;

function parse(text: string): LineResult {
  return xrootdFormat.create().parseLine(text, 1);
}

function one(text: string): ParsedEvent {
  const r = parse(text);
  assert.equal(r.kind, "events", JSON.stringify(r));
  if (r.kind !== "events") throw new Error("unreachable");
  assert.equal(r.events.length, 1);
  return r.events[0]!;
}

function reason(text: string): string {
  const r = parse(text);
  assert.equal(r.kind, "bad", JSON.stringify(r));
  return r.kind === "bad" ? r.reason : "";
}

describe("xrootd: XrdSciTokens debug lines", () => {
  it("New valid token with groups and authorizations", () => {
    const ev = one(
      `${DEBUG}, groups=/atlas,/atlas/production, authorizations=/atlas/data:read,stat;/atlas/scratch:create,mkdir`,
    );
    assert.equal(ev.component, "xrootd");
    assert.equal(ev.action, "token.mapped");
    assert.equal(ev.outcome, "success");
    assert.equal(ev.timeMs, AT);
    assert.equal(ev.tzOffsetMin, null);
    assert.equal(ev.mappedUser, "atlasprd");
    assert.equal(ev.sub, SUB);
    assert.equal(ev.iss, ISS);
    assert.equal(ev.jti, null);
    assert.equal(ev.corr, null);
    assert.deepEqual(ev.groups, ["/atlas", "/atlas/production"]);
    assert.deepEqual(ev.details, {
      record: "debug",
      authorizations: "/atlas/data:read,stat;/atlas/scratch:create,mkdir",
    });
  });

  it("without groups and authorizations", () => {
    const ev = one(DEBUG);
    assert.equal(ev.groups, null);
    assert.deepEqual(ev.details, { record: "debug" });
  });

  it("authorizations without groups; an empty mapped user is null", () => {
    const ev = one(DEBUG.replace("atlasprd", "") + ", authorizations=/:read");
    assert.equal(ev.mappedUser, null);
    assert.equal(ev.groups, null);
    assert.equal(ev.details?.["authorizations"], "/:read");
  });

  it("ISO-prefixed variants, with fraction and offset", () => {
    const iso = one(`2024-10-03 10:11:12.250 4711 scitokens_Access: New valid token ${KEYS}`);
    assert.equal(iso.timeMs, AT + 250);
    assert.equal(iso.tzOffsetMin, null);
    const off = one(`2024-10-03T12:11:12+02:00 scitokens_Access: New valid token ${KEYS}`);
    assert.equal(off.timeMs, AT);
    assert.equal(off.tzOffsetMin, 120);
    assert.equal(
      one(`241003 10:11:12.500000 77 scitokens_Access: New valid token ${KEYS}`).timeMs,
      AT + 500,
    );
  });

  it("keeps a client trace id printed before the message", () => {
    const ev = one(
      `241003 10:11:12 4711 alice.3141:27@wn07.example.org: scitokens_Access: New valid token ${KEYS}`,
    );
    assert.equal(ev.details?.["td"], "alice.3141:27@wn07.example.org");
  });

  it("Cached token lines are later uses of a mapped token", () => {
    const ev = one(`241003 10:11:12 4711 scitokens_Access: Cached token ${KEYS}`);
    assert.equal(ev.sub, SUB);
    assert.equal(ev.details?.["cached"], true);
  });

  it("other XRootD lines are ignored", () => {
    for (const text of [
      "241003 10:11:12 4711 XrootdXeq: alice.3141:27@wn07.example.org pub IP46 login as alice",
      "241003 10:11:12 4711 scitokens_Access: Trying token-based access control",
      "=====> xrd.port 1094",
      "++++++ xrootd anon@se01.example.org initialization started.",
      "Config warning: something unrelated mapped_username=x",
    ]) {
      assert.equal(parse(text).kind, "ignored", text);
    }
  });

  it("bad debug lines: no time, impossible time, missing subject or issuer", () => {
    assert.equal(reason(`New valid token ${KEYS}`), "missing_timestamp");
    assert.equal(reason(DEBUG.replace("241003", "241332")), "bad_timestamp");
    assert.equal(reason(DEBUG.replace("10:11:12", "25:11:12")), "bad_timestamp");
    assert.equal(reason(DEBUG.replace(`, issuer=${ISS}`, "")), "missing_field");
    assert.equal(reason(DEBUG.replace(`, subject=${SUB}`, "")), "missing_field");
  });
});

describe("xrootd: monitoring token records", () => {
  it("ISO-stamped record: dictid corr, sub, user, issuer, groups split on spaces", () => {
    const ev = one(`2024-10-03T10:11:12Z ${RECORD}`);
    assert.equal(ev.action, "token.mapped");
    assert.equal(ev.timeMs, AT);
    assert.equal(ev.tzOffsetMin, 0);
    assert.equal(ev.corr, "dictid:12345");
    assert.equal(ev.sub, SUB);
    assert.equal(ev.mappedUser, "atlasprd");
    assert.equal(ev.iss, ISS);
    assert.deepEqual(ev.groups, ["/atlas", "/atlas/production"]);
    assert.deepEqual(ev.details, { record: "monitoring", role: null });
  });

  it("epoch-seconds stamp, collector prefix and trace id; comma groups; a role", () => {
    const ev = one(
      `1727950272.5 xrdmon[991]: alice.3141:27@[2001:db8::5] &Uc=7&s=${SUB}&n=alice&o=${ISS}&r=prod&g=/atlas,/atlas/users`,
    );
    assert.equal(ev.timeMs, 1727950272500);
    assert.equal(ev.tzOffsetMin, 0); // an epoch stamp: no zone applies
    assert.equal(ev.corr, "dictid:7");
    assert.deepEqual(ev.groups, ["/atlas", "/atlas/users"]);
    assert.deepEqual(ev.details, {
      record: "monitoring",
      role: "prod",
      td: "alice.3141:27@[2001:db8::5]",
    });
  });

  it("bracketed and XRootD-style stamps", () => {
    assert.equal(one(`[2024-10-03 10:11:12] ${RECORD}`).timeMs, AT);
    assert.equal(one(`241003 10:11:12 ${RECORD}`).timeMs, AT);
    assert.equal(one(`1727950272${RECORD}`).timeMs, 1727950272000);
  });

  it("percent-encoded values are decoded; a bad escape keeps the raw text", () => {
    const ev = one(
      `2024-10-03T10:11:12Z &Uc=9&s=bob%40example.org&n=bob&o=https%3A%2F%2Fiss.example.org&r=&g=%2Fcms%20%2Fcms%2Fpilot`,
    );
    assert.equal(ev.sub, "bob@example.org");
    assert.equal(ev.iss, "https://iss.example.org");
    assert.deepEqual(ev.groups, ["/cms", "/cms/pilot"]);
    assert.equal(one(`2024-10-03T10:11:12Z &Uc=9&s=x%E0%A4%A&n=&o=&r=&g=`).sub, "x%E0%A4%A");
  });

  it("bad records: no time, bad time, missing or non-numeric Uc, no subject", () => {
    assert.equal(reason(RECORD), "missing_timestamp");
    assert.equal(reason(`collector: ${RECORD}`), "missing_timestamp");
    assert.equal(reason(`2024-13-03T10:11:12Z ${RECORD}`), "bad_timestamp");
    assert.equal(reason(`12345 ${RECORD}`), "bad_timestamp");
    assert.equal(reason(`2024-10-03T10:11:12Z &Uc=&s=${SUB}`), "missing_field");
    assert.equal(reason(`2024-10-03T10:11:12Z &Uc=abc&s=${SUB}`), "bad_field");
    assert.equal(reason(`2024-10-03T10:11:12Z &Uc=5&n=alice`), "missing_field");
  });
});

describe("xrootd: robustness and module", () => {
  it("empty, blank, overlong, binary, truncated and mutated lines never throw", () => {
    assert.equal(parse("").kind, "ignored");
    assert.equal(parse("  ").kind, "ignored");
    assert.equal(reason(`${DEBUG}, groups=${"/g,".repeat(30_000)}`), "line_too_long");
    assert.ok(parse("\u0000\uFFFD&Uc=\u0000"));
    const goods = [`${DEBUG}, groups=/a,/b, authorizations=/:read`, `1727950272 ${RECORD}`];
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) % 1000) / 1000;
    const junk = [",", " ", "=", "&", "\u0000", "\uFFFD", "%", "@", ":", "9"];
    for (const good of goods) {
      for (let i = 0; i <= good.length; i++) assert.ok(parse(good.slice(0, i)));
      for (let n = 0; n < 2000; n++) {
        const at = Math.floor(rnd() * good.length);
        const ch = junk[Math.floor(rnd() * junk.length)]!;
        const r = parse(good.slice(0, at) + ch + good.slice(at + (rnd() < 0.5 ? 1 : 0)));
        assert.ok(r.kind === "events" || r.kind === "bad" || r.kind === "ignored");
      }
    }
  });

  it("sniffs token lines and records only", () => {
    assert.equal(xrootdFormat.sniff(DEBUG), true);
    assert.equal(xrootdFormat.sniff(RECORD), true);
    assert.equal(xrootdFormat.sniff("241003 10:11:12 4711 XrootdXeq: login"), false);
    assert.equal(xrootdFormat.sniff("log=1&path=/a&cts=1727950272"), false);
  });

  it("is stateless", () => {
    const p = xrootdFormat.create("anything");
    assert.equal(p.format, "xrootd");
    assert.equal(p.saveState(), null);
  });
});
