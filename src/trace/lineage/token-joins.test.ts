import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StoredEvent } from "../events/events.repository.js";
import { EXCHANGE_GRANT, tokenFacts, type TokenFacts } from "./token-facts.js";
import {
  attributeFamily,
  ftsAnchors,
  identityCandidates,
  routedJobs,
  sessionCandidates,
  tpcCandidates,
  tpcSources,
} from "./token-joins.js";
import { TEST_ISS, TEST_T0, storedEvents } from "../../test-support/stored-events.js";

const ISS = TEST_ISS;
const T0 = TEST_T0;
const EXP = T0 / 1000 + 3600;
const MIN = 60_000;

const ev = storedEvents({
  component: "fts",
  action: "token.exchanged",
  file: "logs/other.log",
  fileId: 2,
});

const ISSUED = { component: "iam", action: "token.issued", jti: "jti-a1", iss: ISS } as const;
const facts = (details: Record<string, string>, tokenExp: number | null = EXP): TokenFacts =>
  tokenFacts("jti-a1", [ev({ ...ISSUED, tokenExp, details: { tokenType: "access", ...details } })]);
const ids = (list: ReadonlyArray<{ id: number }>) => list.map((e) => e.id);
const fts = (partial: Partial<StoredEvent>) =>
  ev({ tokenExp: EXP, corr: "token_id:77", ...partial });

describe("ftsAnchors", () => {
  it("anchors an exchanged token on token.exchanged / token.exchange.stored near its issuance", () => {
    const f = facts({ grantType: EXCHANGE_GRANT });
    const got = fts({ timeMs: T0 + 120_000 });
    const stored = fts({ action: "token.exchange.stored", timeMs: T0 - 5000 });
    const far = fts({ timeMs: T0 + 120_001 });
    const otherExp = fts({ tokenExp: EXP + 1 });
    const noCorr = fts({ corr: null });
    const refreshed = fts({ action: "token.refreshed" });
    const list = [got, stored, far, otherExp, noCorr, refreshed];
    assert.deepEqual(ids(ftsAnchors(f, list, [])), ids([got, stored]));
  });

  it("anchors a refreshed token on token.refreshed near its issuance", () => {
    const f = facts({ refreshTokenJti: "jti-r1" });
    const got = fts({ action: "token.refreshed", timeMs: T0 + 30_000 });
    const exchangedLine = fts({ action: "token.exchanged" });
    const late = fts({ action: "token.refreshed", timeMs: T0 + 10 * MIN });
    assert.deepEqual(ids(ftsAnchors(f, [got, exchangedLine, late], [])), [got.id]);
  });

  it("anchors a subject token on token.exchange.started near a request time", () => {
    const f = facts({});
    const rq = T0 + 20 * MIN;
    const got = fts({ action: "token.exchange.started", timeMs: rq - 100_000 });
    const far = fts({ action: "token.exchange.started", timeMs: rq + 121_000 });
    const noCorr = fts({ action: "token.exchange.started", timeMs: rq, corr: null });
    const list = [got, far, noCorr];
    assert.deepEqual(ids(ftsAnchors(f, list, [rq])), [got.id]);
    assert.deepEqual(ftsAnchors(f, list, []), []);
  });

  it("gives nothing for a token without exp or for non-FTS lines", () => {
    const line = fts({ action: "token.exchange.started" });
    assert.deepEqual(ftsAnchors(facts({}, null), [line], [T0]), []);
    assert.deepEqual(ftsAnchors(facts({}), [{ ...line, component: "dcache" }], [T0]), []);
  });
});

describe("attributeFamily", () => {
  const tokens = [
    { jti: "jti-b", exp: EXP + 3600, sinceMs: T0 + 60 * MIN },
    { jti: "jti-a", exp: EXP, sinceMs: T0 },
  ];

  it("attributes a line by its exp, whatever its time; an unknown exp stays unattributed", () => {
    const e = fts({ tokenExp: EXP, timeMs: T0 + 90 * MIN });
    const unknown = fts({ tokenExp: EXP + 7, timeMs: T0 + 90 * MIN });
    assert.deepEqual([...attributeFamily([e, unknown], tokens)], [[e.id, "jti-a"]]);
  });

  it("gives a line without exp to the latest token held then (with 120 s slack)", () => {
    const early = fts({ tokenExp: null, timeMs: T0 + 30 * MIN });
    const late = fts({ tokenExp: null, timeMs: T0 + 60 * MIN - 120_000 });
    const before = fts({ tokenExp: null, timeMs: T0 - 121_000 });
    const got = attributeFamily([early, late, before], tokens);
    assert.equal(got.get(early.id), "jti-a");
    assert.equal(got.get(late.id), "jti-b");
    assert.equal(got.has(before.id), false);
  });
});

describe("routedJobs", () => {
  const CE = { component: "condor", site: "SITE-A", host: "ce01.example.org" } as const;
  const submitted = ev({ ...CE, action: "job.submitted", object: "1234.0" });
  const routed = (partial: Partial<StoredEvent>) =>
    ev({
      ...CE,
      action: "job.routed",
      object: "88.0",
      details: { routedFromJobId: "1234.0" },
      ...partial,
    });

  it("joins a job routed from a submitted job of the same site and host", () => {
    const r = routed({});
    const got = routedJobs([submitted], [r]);
    assert.equal(got.length, 1);
    assert.equal(got[0]!.event, r);
    assert.equal(got[0]!.via, "routed-job");
    assert.equal(
      got[0]!.reason,
      "HTCondor-CE routed job 88.0 from job 1234.0 submitted with the token (RoutedFromJobId)",
    );
  });

  it("does not join another host's or site's job with the same id, or another id", () => {
    const list = [
      routed({ host: "ce02.example.org" }),
      routed({ site: "SITE-B" }),
      routed({ details: { routedFromJobId: "1235.0" } }),
      routed({ details: null }),
    ];
    assert.deepEqual(routedJobs([submitted], list), []);
  });

  it("needs a condor job.submitted line among the proven ones", () => {
    assert.deepEqual(routedJobs([{ ...submitted, action: "job.started" }], [routed({})]), []);
  });
});

describe("identityCandidates", () => {
  const f = facts({});
  const line = (partial: Partial<StoredEvent>) =>
    ev({ component: "storm", action: "storage.get", sub: "sub-1", iss: ISS, ...partial });
  const used = new Set(["203.0.113.7"]);
  const run = (lines: StoredEvent[], tf: TokenFacts = f) =>
    identityCandidates(tf, lines, "same-subject", used);

  it("keeps lines within issuance − 5 min to exp + 5 min only", () => {
    const inside = [line({ timeMs: T0 - 5 * MIN }), line({ timeMs: EXP * 1000 + 5 * MIN })];
    const outside = [
      line({ timeMs: T0 - 5 * MIN - 1 }),
      line({ timeMs: EXP * 1000 + 5 * MIN + 1 }),
    ];
    assert.deepEqual(ids(run([...inside, ...outside]).map((j) => j.event)), ids(inside));
  });

  it("never takes lines with a jti or from IAM, nor another issuer's", () => {
    const lines = [
      line({ jti: "jti-zz" }),
      line({ component: "iam", action: "auth.login" }),
      line({ iss: "https://other-iam.example.net/" }),
    ];
    assert.deepEqual(run(lines), []);
  });

  it("takes a line with an address only if the token was used from it", () => {
    const ok = line({ clientIp: "203.0.113.7" });
    const got = run([ok, line({ clientIp: "198.51.100.9" })]);
    assert.equal(got.length, 1);
    assert.equal(got[0]!.event, ok);
    assert.equal(got[0]!.via, "same-subject");
    assert.match(
      got[0]!.reason,
      /StoRM logs no jti\), from 203\.0\.113\.7 as the token's proven uses$/,
    );
  });

  it("accepts a line without address, saying the component logs no jti", () => {
    const got = identityCandidates(
      f,
      [line({ component: "xrootd", iss: null })],
      "mapped-user",
      used,
    );
    assert.equal(got.length, 1);
    assert.equal(got[0]!.via, "mapped-user");
    assert.equal(
      got[0]!.reason,
      "XRootD saw the token's sub while the token was valid (XRootD logs no jti)",
    );
  });

  it("gives none for a refresh token", () => {
    assert.deepEqual(run([line({})], facts({ tokenType: "refresh" })), []);
  });
});

describe("sessionCandidates", () => {
  it("joins billing lines without jti of a door session the token opened", () => {
    const dc = (corr: string, jti: string | null = null) =>
      ev({ component: "dcache", action: "storage.transfer", corr, jti });
    const door = dc("session:door-1", "jti-a1");
    const billing = dc("session:door-1");
    const others = [dc("session:door-2"), dc("session:door-1", "jti-b")];
    const got = sessionCandidates([door], [door, billing, ...others]);
    assert.deepEqual(ids(got.map((j) => j.event)), [billing.id]);
    assert.equal(got[0]!.via, "dcache-session");
    assert.deepEqual(sessionCandidates([{ ...door, component: "storm" }], [billing]), []);
  });
});

describe("tpcCandidates", () => {
  const copy = ev({
    component: "dcache",
    action: "storage.copy",
    jti: "jti-a1",
    details: { "tpc.source": "https://se.example.org/atlas/f%201.root" },
  });
  const src = (timeMs: number, partial: Partial<StoredEvent> = {}) =>
    ev({
      component: "xrootd",
      action: "file.closed",
      object: "/atlas/f 1.root",
      timeMs,
      ...partial,
    });

  it("joins the source file's lines from 5 min before to 6 h after the copy", () => {
    const inside = [src(T0 - 5 * MIN), src(T0 + 6 * 60 * MIN)];
    const outside = [src(T0 - 5 * MIN - 1), src(T0 + 6 * 60 * MIN + 1)];
    const got = tpcCandidates([copy], [...inside, ...outside]);
    assert.deepEqual(ids(got.map((j) => j.event)), ids(inside));
    assert.equal(got[0]!.via, "tpc-source");
    assert.equal(
      got[0]!.reason,
      "source of a third-party copy the token made at dcache (the source logs no jti)",
    );
  });

  it("skips lines with a jti or of another path", () => {
    assert.deepEqual(
      tpcCandidates([copy], [src(T0, { jti: "jti-b" }), src(T0, { object: "/x" })]),
      [],
    );
    assert.deepEqual(tpcSources([copy, copy]), ["/atlas/f 1.root"]);
  });
});
