import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Ban, BanKey } from "../bans/index.js";
import { makeBan } from "../test-support/ban-factory.js";
import { prng } from "../core/prng.js";
import {
  BAN_CHANGED,
  BAN_CREATED,
  BAN_LIFTED,
  CAEP_SESSION_REVOKED,
  RISC_ACCOUNT_DISABLED,
  RISC_ACCOUNT_ENABLED,
} from "./event-types.js";
import { banFromEvent } from "./ban-from-event.js";
import { buildBanSet, buildBanSets, type BanChange, type SetContext } from "./set-events.js";

const ISS = "https://ttt.example.org/";
const NOW = new Date("2026-02-01T10:00:00.000Z");

function ctx(over: Partial<SetContext> = {}): SetContext {
  let n = 0;
  return { issuer: ISS, audience: "site:CERN-PROD", now: NOW, newJti: () => `jti-${++n}`, ...over };
}

const KEYS: BanKey[] = [
  { kind: "token", jti: "abc-123" },
  { kind: "identity", sub: "e2b1-44" },
  { kind: "identity-before", sub: "e2b1-44", issuedBefore: "2026-01-15T08:00:00.000Z" },
  { kind: "client", clientId: "rucio-prod" },
  { kind: "group", group: "/atlas/production" },
  { kind: "issuer" },
];

function lifted(ban: Ban): Ban {
  return {
    ...ban,
    state: "lifted",
    liftedAt: "2026-01-02T00:00:00.000Z",
    liftedBy: "alice",
    liftReason: "false alarm",
  };
}

describe("buildBanSets", () => {
  it("never has sub or exp, and names the subject in a top-level sub_id", () => {
    for (const key of KEYS) {
      for (const set of buildBanSets({ type: "created", ban: makeBan(key) }, ctx())) {
        assert.equal("sub" in set, false);
        assert.equal("exp" in set, false);
        assert.equal(typeof set.sub_id.format, "string");
        assert.equal(Object.keys(set.events).length, 1, "one event per SET (SSF 1.0 §4.2)");
        for (const body of Object.values(set.events)) assert.equal("subject" in body, false);
      }
    }
  });

  it("fills iss, iat (seconds), jti, aud and one txn for all SETs of a change", () => {
    const sets = buildBanSets(
      { type: "created", ban: makeBan({ kind: "identity", sub: "u1" }) },
      ctx({ txn: "outbox-42", audience: ["a", "b"] }),
    );
    assert.equal(sets.length, 2);
    for (const s of sets) {
      assert.equal(s.iss, ISS);
      assert.equal(s.iat, NOW.getTime() / 1000);
      assert.deepEqual(s.aud, ["a", "b"]);
      assert.equal(s.txn, "outbox-42");
    }
    assert.deepEqual(
      sets.map((s) => s.jti),
      ["jti-1", "jti-2"],
    );
  });

  it("draws a random jti and txn when none is injected", () => {
    const change: BanChange = { type: "created", ban: makeBan({ kind: "token", jti: "j" }) };
    const a = buildBanSet(change, { issuer: ISS, audience: "x", now: NOW });
    const b = buildBanSet(change, { issuer: ISS, audience: "x", now: NOW });
    assert.notEqual(a.jti, b.jti);
    assert.notEqual(a.txn, b.txn);
    assert.match(a.jti, /^[0-9a-f-]{36}$/);
  });

  it("uses the documented sub_id format per kind", () => {
    const got = KEYS.map(
      (key) => buildBanSet({ type: "created", ban: makeBan(key) }, ctx()).sub_id,
    );
    const iss = "https://iam.example.org/";
    assert.deepEqual(got, [
      { format: "jwt_id", iss, jti: "abc-123" },
      { format: "iss_sub", iss, sub: "e2b1-44" },
      { format: "iss_sub", iss, sub: "e2b1-44" },
      {
        format: "complex",
        application: { format: "opaque", id: "rucio-prod" },
        tenant: { format: "uri", uri: iss },
      },
      { format: "ttt_group", iss, group: "/atlas/production" },
      { format: "uri", uri: iss },
    ]);
  });

  it("puts the TTT event first and adds RISC/CAEP events only where they fit", () => {
    const types = (change: BanChange) =>
      buildBanSets(change, ctx()).map((s) => Object.keys(s.events)[0]);
    const ban = (i: number) => makeBan(KEYS[i] as BanKey);
    assert.deepEqual(types({ type: "created", ban: ban(0) }), [BAN_CREATED, CAEP_SESSION_REVOKED]);
    assert.deepEqual(types({ type: "created", ban: ban(1) }), [BAN_CREATED, RISC_ACCOUNT_DISABLED]);
    assert.deepEqual(types({ type: "created", ban: ban(2) }), [BAN_CREATED, CAEP_SESSION_REVOKED]);
    for (const i of [3, 4, 5])
      assert.deepEqual(types({ type: "created", ban: ban(i) }), [BAN_CREATED]);
    assert.deepEqual(types({ type: "changed", ban: ban(1) }), [BAN_CHANGED]);
    assert.deepEqual(types({ type: "lifted", ban: lifted(ban(1)) }), [
      BAN_LIFTED,
      RISC_ACCOUNT_ENABLED,
    ]);
    assert.deepEqual(types({ type: "lifted", ban: lifted(ban(0)) }), [BAN_LIFTED]);
  });

  it("says hijacking in account-disabled and the start time in session-revoked", () => {
    const identity = buildBanSets(
      { type: "created", ban: makeBan({ kind: "identity", sub: "u" }) },
      ctx(),
    );
    assert.deepEqual(identity[1]?.events[RISC_ACCOUNT_DISABLED], { reason: "hijacking" });
    const token = buildBanSets(
      {
        type: "created",
        ban: makeBan(
          { kind: "token", jti: "j" },
          { startsAt: "2026-01-01T00:00:10.500Z", reason: "stolen" },
        ),
      },
      ctx(),
    );
    assert.deepEqual(token[1]?.events[CAEP_SESSION_REVOKED], {
      event_timestamp: 1767225610,
      initiating_entity: "admin",
      reason_admin: { en: "stolen" },
    });
  });

  it("writes the whole ban in snake_case into the TTT event", () => {
    const ban = makeBan(
      { kind: "identity-before", sub: "s", issuedBefore: "2026-01-15T08:00:00.000Z" },
      {
        id: "ban_1",
        incident: "INC-7",
        sites: ["CERN-PROD", "RAL"],
        expiresAt: "2026-03-01T00:00:00.000Z",
      },
    );
    const set = buildBanSet({ type: "created", ban }, ctx({ sequence: 17 }));
    assert.deepEqual(set.events[BAN_CREATED], {
      ban: {
        id: "ban_1",
        kind: "identity-before",
        sub: "s",
        issued_before: "2026-01-15T08:00:00.000Z",
        iss: "https://iam.example.org/",
        reason: "test ban",
        incident: "INC-7",
        author: "responder",
        created_at: "2026-01-01T00:00:00.000Z",
        starts_at: "2026-01-01T00:00:00.000Z",
        expires_at: "2026-03-01T00:00:00.000Z",
        sites: ["CERN-PROD", "RAL"],
        state: "active",
        lifted_at: null,
        lifted_by: null,
        lift_reason: null,
      },
      sequence: 17,
    });
  });
});

describe("banFromEvent round trip", () => {
  it("gives back every kind's ban, created, changed and lifted", () => {
    for (const key of KEYS) {
      const ban = makeBan(key, { incident: "INC-1", sites: ["CERN-PROD"] });
      const changes: BanChange[] = [
        { type: "created", ban },
        { type: "changed", ban: { ...ban, expiresAt: "2027-01-01T00:00:00.000Z" } },
        { type: "lifted", ban: lifted(ban) },
      ];
      for (const change of changes) {
        const set = buildBanSet(change, ctx({ txn: "t1", sequence: 3 }));
        const back = banFromEvent(JSON.parse(JSON.stringify(set)));
        assert.deepEqual(
          back,
          { ok: true, change, sequence: 3, txn: "t1" },
          `${key.kind} ${change.type}`,
        );
      }
    }
  });

  it("holds for 500 random bans (seeded)", () => {
    const rnd = prng(20260201);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const word = () => Math.floor(rnd() * 1e9).toString(36) + pick(["", "-x", ".é", "/ü"]);
    const time = () => new Date(1.7e12 + Math.floor(rnd() * 1e11)).toISOString();
    for (let i = 0; i < 500; i++) {
      const key: BanKey = pick<() => BanKey>([
        () => ({ kind: "token", jti: word() }),
        () => ({ kind: "identity", sub: word() }),
        () => ({ kind: "identity-before", sub: word(), issuedBefore: time() }),
        () => ({ kind: "client", clientId: word() }),
        () => ({ kind: "group", group: `/${word()}` }),
        () => ({ kind: "issuer" }),
      ])();
      const startsAt = time();
      let ban = makeBan(key, {
        id: `ban_${i}`,
        iss: pick([
          "https://iam.example.org/",
          "https://wlcg.cloud.cnaf.infn.it/",
          "http://localhost:8080",
        ]),
        reason: `reason ${word()}`,
        incident: rnd() < 0.5 ? null : `INC-${i}`,
        author: word(),
        createdAt: time(),
        startsAt,
        expiresAt:
          rnd() < 0.5
            ? null
            : new Date(Date.parse(startsAt) + 1 + Math.floor(rnd() * 1e9)).toISOString(),
        sites: rnd() < 0.5 ? "all" : ["CERN-PROD", `SITE-${i}`],
      });
      const type = pick(["created", "changed", "lifted"] as const);
      if (type === "lifted") ban = lifted(ban);
      const back = banFromEvent(JSON.parse(JSON.stringify(buildBanSet({ type, ban }, ctx()))));
      assert.ok(back.ok, JSON.stringify(back));
      assert.deepEqual(back.change, { type, ban });
    }
  });
});

describe("banFromEvent refusals", () => {
  const base = () =>
    JSON.parse(
      JSON.stringify(
        buildBanSet({ type: "created", ban: makeBan({ kind: "token", jti: "j1" }) }, ctx()),
      ),
    );

  it("skips a SET without a TTT event (a companion or a verification event)", () => {
    const companion = buildBanSets(
      { type: "created", ban: makeBan({ kind: "identity", sub: "u" }) },
      ctx(),
    )[1];
    const got = banFromEvent(companion);
    assert.equal(got.ok, false);
    assert.equal(!got.ok && got.code, "no_ban_event");
  });

  it("refuses a sub_id that does not name the ban's key", () => {
    const set = base();
    set.sub_id.jti = "another";
    const got = banFromEvent(set);
    assert.ok(!got.ok);
    assert.equal(got.code, "invalid_ban_event");
    assert.deepEqual(got.issues, [
      { path: "sub_id", message: "does not name the key of the ban in the event" },
    ]);
  });

  it("refuses a lifted event carrying an active ban", () => {
    const set = base();
    set.events = { [BAN_LIFTED]: set.events[BAN_CREATED] };
    const got = banFromEvent(set);
    assert.ok(!got.ok);
    assert.match(
      got.message,
      /ban\.state: a lifted event carries a ban in state lifted, got active/,
    );
  });

  it("names the field: a line break in the reason, a bad time, an unknown member", () => {
    const set = base();
    const ban = set.events[BAN_CREATED].ban;
    ban.reason = "a\nban x:y";
    ban.expires_at = "tomorrow";
    ban.extra = 1;
    const got = banFromEvent(set);
    assert.ok(!got.ok);
    const paths = got.issues.map((i) => i.path).sort();
    const prefix = `events["${BAN_CREATED}"].ban`;
    assert.deepEqual(paths, [`${prefix}`, `${prefix}.expires_at`, `${prefix}.reason`]);
  });

  it("refuses an expiry not after the start, and a lifted ban without who and why", () => {
    const set = base();
    set.events[BAN_CREATED].ban.expires_at = set.events[BAN_CREATED].ban.starts_at;
    const got = banFromEvent(set);
    assert.ok(!got.ok);
    assert.deepEqual(
      got.issues.map((i) => i.message),
      ["must be after starts_at"],
    );

    const l = base();
    l.events = { [BAN_LIFTED]: { ban: { ...l.events[BAN_CREATED].ban, state: "lifted" } } };
    const got2 = banFromEvent(l);
    assert.ok(!got2.ok);
    assert.match(got2.message, /a lifted ban has lifted_at, lifted_by and lift_reason/);
  });

  it("refuses two ban events in one SET and a missing events claim", () => {
    const set = base();
    set.events[BAN_LIFTED] = set.events[BAN_CREATED];
    assert.equal((banFromEvent(set) as { code: string }).code, "invalid_ban_event");
    const none = base();
    delete none.events;
    const got = banFromEvent(none);
    assert.ok(!got.ok);
    assert.deepEqual(got.issues, [{ path: "events", message: "must be an object" }]);
  });
});
