// The incidents service on every store kind, under a fixed clock: creation defaults with their
// action-log line and audit entry, notes, forward-only state moves stamping their times, the
// EGI CSIRT reporting steps, bans linked by their `incident` field (created and lifted), the
// list filters, and the refusals (unknown id, wrong role, bad input naming the field).
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { PasswordHasher, TEST_SCRYPT_COST, type Actor } from "../accounts/index.js";
import { createContext, type AppContext } from "../app/context.js";
import { FixedClock } from "../core/clock.js";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type TttError,
} from "../core/errors.js";
import { sequentialIds } from "../core/ids.js";
import type { Store } from "../store/index.js";
import { storeKinds } from "../test-support/stores.js";

const START = "2026-03-01T09:00:00.000Z";
const HOUR = 3_600_000;
const ISS = "https://iam.example.org/";

/** Runs `work`, which must fail with `type` (and `code` when given); returns the error. */
async function refused<E extends TttError>(
  work: () => Promise<unknown>,
  type: new (...args: never[]) => E,
  code?: string,
): Promise<E> {
  let caught: unknown;
  try {
    await work();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof type, `expected ${type.name}, got ${String(caught)}`);
  if (code !== undefined) assert.equal(caught.code, code, caught.message);
  return caught;
}

/** A ValidationError whose issues name `field` (and whose message does). */
async function invalid(work: () => Promise<unknown>, field: string): Promise<ValidationError> {
  const err = await refused(work, ValidationError, "validation_failed");
  assert.equal(err.status, 400);
  assert.ok(
    err.issues.some((i) => i.path === field || i.message.includes(`"${field}"`)),
    `issues name ${field}: ${JSON.stringify(err.issues)}`,
  );
  assert.ok(err.message.includes(field), err.message);
  return err;
}

for (const kind of await storeKinds()) {
  describe(`incidents service on ${kind.name}`, { skip: kind.skip }, () => {
    let store: Store;
    let ctx: AppContext;
    const clock = new FixedClock(START);
    let admin: Actor;
    let responder: Actor;
    let viewer: Actor;
    let site: Actor;

    before(async () => {
      store = await kind.open();
      ctx = createContext({
        store,
        clock,
        ids: sequentialIds(),
        hasher: new PasswordHasher(TEST_SCRYPT_COST),
      });
      await ctx.accounts.ensureAdmin("admin-password-1");
      admin = await ctx.accounts.localActor("admin");
      for (const role of ["responder", "viewer", "site"] as const)
        await ctx.accounts.addUser(admin, { name: role, role, password: `${role}-password` });
      responder = await ctx.accounts.localActor("responder");
      viewer = await ctx.accounts.localActor("viewer");
      site = await ctx.accounts.localActor("site");
    });
    after(() => store.close());
    beforeEach(() => clock.set(START));

    const open = (over: Record<string, unknown> = {}) =>
      ctx.incidents.create(responder, { title: "Stolen refresh token", tlp: "AMBER", ...over });
    const audit = async (id: string) =>
      (await ctx.audit.list(admin, { target: `incident:${id}`, limit: 100 })).reverse();

    it("creates with the defaults, a 'created' action and an incident.create audit entry", async () => {
      const i = await open();
      assert.match(i.id, /^inc_\d{6}$/);
      assert.equal(i.title, "Stolen refresh token");
      assert.equal(i.tlp, "AMBER");
      assert.equal(i.state, "open");
      assert.equal(i.severity, "medium");
      assert.equal(i.summary, null);
      assert.deepEqual(i.affectedSites, []);
      assert.deepEqual(i.affectedIdentities, []);
      assert.equal(i.discoveredAt, START);
      assert.equal(i.createdAt, START);
      assert.equal(i.updatedAt, START);
      assert.equal(i.createdBy, "responder");
      for (const k of [
        "reportedAt",
        "containedAt",
        "resolvedAt",
        "closureReportAt",
        "closedAt",
      ] as const)
        assert.equal(i[k], null, k);
      assert.deepEqual(i.clock, [
        { step: "reported", dueAt: "2026-03-01T13:00:00.000Z", doneAt: null, overdue: false },
        { step: "contained", dueAt: "2026-03-02T09:00:00.000Z", doneAt: null, overdue: false },
        { step: "closure-report", dueAt: null, doneAt: null, overdue: false },
      ]);
      assert.deepEqual(i.overdue, []);
      assert.deepEqual(i.bans, []);
      assert.deepEqual(i.actions, [
        {
          at: START,
          actor: "responder",
          kind: "created",
          text: 'opened "Stolen refresh token" (TLP:AMBER, medium)',
          ref: null,
        },
      ]);
      const entries = await audit(i.id);
      assert.equal(entries.length, 1);
      const [e] = entries;
      assert.equal(e!.action, "incident.create");
      assert.equal(e!.actor, "responder");
      assert.equal(e!.at, START);
      assert.equal(e!.before, null);
      assert.equal((e!.after as { id: string; state: string }).id, i.id);
      assert.equal((e!.after as { state: string }).state, "open");
      assert.deepEqual(await ctx.incidents.get(responder, i.id), i, "get shows the same view");
    });

    it("keeps what it is given: severity, summary, sites, identities, a zoned discovery time", async () => {
      const i = await open({
        title: "  Leaked token in a ticket  ",
        tlp: "AMBER+STRICT",
        severity: "critical",
        summary: "A token was pasted into a public ticket.",
        discoveredAt: "2026-03-01T08:30:00+02:00",
        affectedSites: ["CERN-PROD", "DESY"],
        affectedIdentities: [{ iss: ISS, sub: "alice" }],
      });
      assert.equal(i.title, "Leaked token in a ticket", "trimmed");
      assert.equal(i.tlp, "AMBER+STRICT");
      assert.equal(i.severity, "critical");
      assert.equal(i.summary, "A token was pasted into a public ticket.");
      assert.equal(i.discoveredAt, "2026-03-01T06:30:00.000Z", "normalised to UTC");
      assert.equal(i.createdAt, START);
      assert.deepEqual(i.affectedSites, ["CERN-PROD", "DESY"]);
      assert.deepEqual(i.affectedIdentities, [{ iss: ISS, sub: "alice" }]);
      assert.equal(i.clock[0]!.dueAt, "2026-03-01T10:30:00.000Z");
      assert.equal((await ctx.incidents.get(admin, i.id)).discoveredAt, "2026-03-01T06:30:00.000Z");
    });

    it("appends notes in order, each with its time and author, and audits each", async () => {
      const i = await open();
      clock.advance(60_000);
      await ctx.incidents.note(responder, i.id, { text: "first: the user confirmed the leak" });
      clock.advance(60_000);
      await ctx.incidents.note(admin, i.id, { text: "second line\n\twith a tab and a new line" });
      clock.advance(60_000);
      const v = await ctx.incidents.note(responder, i.id, { text: "  third  " });
      assert.deepEqual(
        v.actions.map((a) => [a.at, a.actor, a.kind, a.text]),
        [
          [START, "responder", "created", 'opened "Stolen refresh token" (TLP:AMBER, medium)'],
          ["2026-03-01T09:01:00.000Z", "responder", "note", "first: the user confirmed the leak"],
          ["2026-03-01T09:02:00.000Z", "admin", "note", "second line\n\twith a tab and a new line"],
          ["2026-03-01T09:03:00.000Z", "responder", "note", "third"],
        ],
      );
      assert.equal(v.updatedAt, "2026-03-01T09:03:00.000Z");
      assert.equal(v.state, "open", "a note changes no state");
      assert.deepEqual(
        (await audit(i.id)).map((e) => e.action),
        ["incident.create", "incident.note", "incident.note", "incident.note"],
      );
    });

    it("open → contained stamps containedAt only", async () => {
      const i = await open();
      clock.advance(2 * HOUR);
      const v = await ctx.incidents.setState(responder, i.id, { state: "contained" });
      assert.equal(v.state, "contained");
      assert.equal(v.containedAt, "2026-03-01T11:00:00.000Z");
      assert.equal(v.resolvedAt, null);
      assert.equal(v.closedAt, null);
      assert.equal(v.clock[1]!.doneAt, "2026-03-01T11:00:00.000Z");
      const last = v.actions.at(-1)!;
      assert.deepEqual(last, {
        at: "2026-03-01T11:00:00.000Z",
        actor: "responder",
        kind: "state",
        text: "open → contained",
        ref: "contained",
      });
      const entries = await audit(i.id);
      const e = entries.at(-1)!;
      assert.equal(e.action, "incident.state");
      assert.equal((e.before as { state: string }).state, "open");
      assert.equal((e.after as { state: string }).state, "contained");
    });

    it("open → resolved stamps containedAt and resolvedAt; the note goes in the log", async () => {
      const i = await open();
      clock.advance(3 * HOUR);
      const v = await ctx.incidents.setState(responder, i.id, {
        state: "resolved",
        note: "tokens revoked, user re-enrolled",
      });
      const t = "2026-03-01T12:00:00.000Z";
      assert.equal(v.state, "resolved");
      assert.equal(v.containedAt, t);
      assert.equal(v.resolvedAt, t);
      assert.equal(v.closedAt, null);
      assert.equal(v.actions.at(-1)!.text, "open → resolved: tokens revoked, user re-enrolled");
      const report = v.clock.find((c) => c.step === "closure-report")!;
      assert.equal(report.dueAt, "2026-04-01T12:00:00.000Z");
      assert.equal(report.overdue, false);
    });

    it("a later move keeps the times already stamped", async () => {
      const i = await open();
      clock.advance(HOUR);
      await ctx.incidents.setState(responder, i.id, { state: "contained" });
      clock.advance(HOUR);
      const v = await ctx.incidents.setState(responder, i.id, { state: "closed" });
      assert.equal(v.containedAt, "2026-03-01T10:00:00.000Z");
      assert.equal(v.resolvedAt, "2026-03-01T11:00:00.000Z");
      assert.equal(v.closedAt, "2026-03-01T11:00:00.000Z");
    });

    it("refuses to move back or stay, 409 incident_state, and writes nothing", async () => {
      const i = await open();
      const same = await refused(
        () =>
          ctx.incidents
            .setState(responder, i.id, { state: "contained" })
            .then(() => ctx.incidents.setState(responder, i.id, { state: "contained" })),
        ConflictError,
        "incident_state",
      );
      assert.equal(same.status, 409);
      assert.match(same.message, /is contained: it cannot move to contained/);
      await ctx.incidents.setState(responder, i.id, { state: "resolved" });
      const back = await refused(
        () => ctx.incidents.setState(responder, i.id, { state: "contained" }),
        ConflictError,
        "incident_state",
      );
      assert.equal(back.status, 409);
      const v = await ctx.incidents.get(responder, i.id);
      assert.equal(v.state, "resolved");
      assert.deepEqual(
        v.actions.map((a) => a.kind),
        ["created", "state", "state"],
        "no line for the refused moves",
      );
      assert.deepEqual(
        (await audit(i.id)).map((e) => e.action),
        ["incident.create", "incident.state", "incident.state"],
      );
      // "open" is no target at all
      await invalid(() => ctx.incidents.setState(responder, i.id, { state: "open" }), "state");
    });

    it("marks reported once: the second time is 409 incident_step_done", async () => {
      const i = await open();
      clock.advance(3 * HOUR);
      const v = await ctx.incidents.mark(responder, i.id, { step: "reported" });
      assert.equal(v.reportedAt, "2026-03-01T12:00:00.000Z");
      assert.deepEqual(v.clock[0], {
        step: "reported",
        dueAt: "2026-03-01T13:00:00.000Z",
        doneAt: "2026-03-01T12:00:00.000Z",
        overdue: false,
      });
      assert.deepEqual(
        [v.actions.at(-1)!.kind, v.actions.at(-1)!.text],
        ["reported", "reported to the CSIRT"],
      );
      clock.advance(HOUR);
      const err = await refused(
        () => ctx.incidents.mark(responder, i.id, { step: "reported" }),
        ConflictError,
        "incident_step_done",
      );
      assert.equal(err.status, 409);
      const after = await ctx.incidents.get(responder, i.id);
      assert.equal(after.reportedAt, "2026-03-01T12:00:00.000Z", "the first time stays");
      assert.deepEqual(
        (await audit(i.id)).map((e) => e.action),
        ["incident.create", "incident.mark"],
      );
    });

    it("the closure report waits for resolution (409 incident_not_resolved), then once", async () => {
      const i = await open();
      await refused(
        () => ctx.incidents.mark(responder, i.id, { step: "closure-report" }),
        ConflictError,
        "incident_not_resolved",
      );
      await ctx.incidents.setState(responder, i.id, { state: "contained" });
      await refused(
        () => ctx.incidents.mark(responder, i.id, { step: "closure-report" }),
        ConflictError,
        "incident_not_resolved",
      );
      await ctx.incidents.setState(responder, i.id, { state: "resolved" });
      clock.advance(24 * HOUR);
      const v = await ctx.incidents.mark(responder, i.id, { step: "closure-report" });
      assert.equal(v.closureReportAt, "2026-03-02T09:00:00.000Z");
      assert.equal(v.clock[2]!.doneAt, "2026-03-02T09:00:00.000Z");
      assert.equal(v.actions.at(-1)!.kind, "closure-report");
      await refused(
        () => ctx.incidents.mark(responder, i.id, { step: "closure-report" }),
        ConflictError,
        "incident_step_done",
      );
    });

    it("closes after resolution, stamping closedAt and keeping resolvedAt", async () => {
      const i = await open();
      clock.advance(HOUR);
      await ctx.incidents.setState(responder, i.id, { state: "resolved" });
      clock.advance(HOUR);
      const v = await ctx.incidents.setState(responder, i.id, { state: "closed" });
      assert.equal(v.state, "closed");
      assert.equal(v.resolvedAt, "2026-03-01T10:00:00.000Z");
      assert.equal(v.closedAt, "2026-03-01T11:00:00.000Z");
      assert.equal(v.actions.at(-1)!.text, "resolved → closed");
      await refused(
        () => ctx.incidents.setState(responder, i.id, { state: "closed" }),
        ConflictError,
        "incident_state",
      );
    });

    it("shows the bans created for it and their lifting in the action log", async () => {
      const i = await open();
      const other = await open({ title: "Another incident" });
      clock.advance(10 * 60_000);
      const ban = await ctx.bans.create(responder, {
        kind: "identity",
        iss: ISS,
        sub: "alice",
        reason: "stolen refresh token",
        incident: i.id,
      });
      await ctx.bans.create(responder, {
        kind: "token",
        iss: ISS,
        jti: "jti-elsewhere",
        reason: "belongs to another incident",
        incident: other.id,
      });
      await ctx.bans.create(responder, {
        kind: "token",
        iss: ISS,
        jti: "jti-ticket",
        reason: "a ticket reference, no incident here",
        incident: "TICKET-42",
      });
      const v = await ctx.incidents.get(responder, i.id);
      assert.deepEqual(v.bans, [
        {
          id: ban.id,
          kind: "identity",
          iss: ISS,
          denies: "sub alice",
          state: "active",
          reason: "stolen refresh token",
          createdAt: "2026-03-01T09:10:00.000Z",
          liftedAt: null,
        },
      ]);
      assert.deepEqual(v.actions.at(-1), {
        at: "2026-03-01T09:10:00.000Z",
        actor: "responder",
        kind: "ban",
        text: "banned identity: sub alice — stolen refresh token",
        ref: ban.id,
      });
      assert.deepEqual(
        (await ctx.incidents.get(responder, other.id)).bans.map((b) => b.denies),
        ["jti jti-elsewhere"],
      );

      clock.advance(5 * 60_000);
      await ctx.incidents.note(responder, i.id, { text: "user re-enrolled" });
      clock.advance(5 * 60_000);
      await ctx.bans.lift(admin, ban.id, { reason: "credentials rotated" });
      const lifted = await ctx.incidents.get(responder, i.id);
      assert.equal(lifted.bans.length, 1);
      assert.equal(lifted.bans[0]!.state, "lifted");
      assert.equal(lifted.bans[0]!.liftedAt, "2026-03-01T09:20:00.000Z");
      assert.deepEqual(
        lifted.actions.map((a) => [a.at, a.kind, a.ref]),
        [
          [START, "created", null],
          ["2026-03-01T09:10:00.000Z", "ban", ban.id],
          ["2026-03-01T09:15:00.000Z", "note", null],
          ["2026-03-01T09:20:00.000Z", "lift", ban.id],
        ],
        "in time order, the bans' lines among the incident's own",
      );
      assert.deepEqual(lifted.actions.at(-1), {
        at: "2026-03-01T09:20:00.000Z",
        actor: "admin",
        kind: "lift",
        text: `lifted ${ban.id}: credentials rotated`,
        ref: ban.id,
      });
      const listed = (await ctx.incidents.list(responder)).find((x) => x.id === i.id)!;
      assert.deepEqual(listed.bans, lifted.bans, "the list shows the same bans");
    });

    it("lists newest discovered first, filtered by state", async () => {
      const a = await open({ title: "A", discoveredAt: "2026-03-01T08:00:00Z" });
      const b = await open({ title: "B", discoveredAt: "2026-03-01T08:10:00Z" });
      const c = await open({ title: "C", discoveredAt: "2026-03-01T08:20:00Z" });
      await ctx.incidents.setState(responder, b.id, { state: "contained" });
      await ctx.incidents.setState(responder, c.id, { state: "resolved" });
      const all = await ctx.incidents.list(responder);
      const mine = all.filter((x) => [a.id, b.id, c.id].includes(x.id)).map((x) => x.title);
      assert.deepEqual(mine, ["C", "B", "A"]);
      for (let k = 1; k < all.length; k++)
        assert.ok(all[k - 1]!.discoveredAt >= all[k]!.discoveredAt, "newest discovered first");
      const contained = await ctx.incidents.list(responder, { state: "contained" });
      assert.ok(contained.length > 0);
      assert.ok(contained.every((x) => x.state === "contained"));
      assert.ok(contained.some((x) => x.id === b.id));
      assert.ok(!contained.some((x) => x.id === a.id || x.id === c.id));
      const open_ = await ctx.incidents.list(admin, { state: "open" });
      assert.ok(open_.every((x) => x.state === "open"));
      assert.ok(open_.some((x) => x.id === a.id));
      await invalid(() => ctx.incidents.list(responder, { state: "reopened" }), "state");
      await invalid(() => ctx.incidents.list(responder, { overdue: "yes" }), "overdue");
    });

    it("overdue=true lists those with a step past due, from just after 4 h", async () => {
      const late = await open({ title: "late" });
      const reported = await open({ title: "reported" });
      await ctx.incidents.mark(responder, reported.id, { step: "reported" });
      clock.advance(4 * HOUR);
      const atDue = await ctx.incidents.list(responder, { overdue: "true" });
      assert.ok(!atDue.some((x) => x.id === late.id), "not at the due time itself");
      clock.advance(1);
      const over = await ctx.incidents.list(responder, { overdue: "true" });
      assert.ok(over.every((x) => x.overdue.length > 0));
      const l = over.find((x) => x.id === late.id);
      assert.ok(l !== undefined, "past 4 h unreported");
      assert.deepEqual(l.overdue, ["reported"]);
      assert.ok(!over.some((x) => x.id === reported.id), "reported in time");
      assert.deepEqual((await ctx.incidents.get(responder, late.id)).overdue, ["reported"]);
      clock.advance(20 * HOUR);
      assert.deepEqual((await ctx.incidents.get(responder, late.id)).overdue, [
        "reported",
        "contained",
      ]);
      const reportedNow = await ctx.incidents.get(responder, reported.id);
      assert.deepEqual(reportedNow.overdue, ["contained"]);
      const onTime = await ctx.incidents.list(responder, { overdue: "false" });
      assert.ok(
        !onTime.some((x) => x.id === late.id),
        "overdue=false: only those with nothing late",
      );
      assert.ok(onTime.every((x) => x.overdue.length === 0));
    });

    it("get of an unknown id is 404 not_found; so are changes to it", async () => {
      const err = await refused(() => ctx.incidents.get(responder, "inc_nope"), NotFoundError);
      assert.equal(err.code, "not_found");
      assert.equal(err.status, 404);
      assert.match(err.message, /incident 'inc_nope'/);
      await refused(
        () => ctx.incidents.note(responder, "inc_nope", { text: "x" }),
        NotFoundError,
        "not_found",
      );
      await refused(
        () => ctx.incidents.setState(responder, "inc_nope", { state: "contained" }),
        NotFoundError,
        "not_found",
      );
      await refused(
        () => ctx.incidents.mark(responder, "inc_nope", { step: "reported" }),
        NotFoundError,
        "not_found",
      );
    });

    it("refuses viewers and sites everything: read and manage", async () => {
      const i = await open();
      for (const who of [viewer, site]) {
        await refused(() => ctx.incidents.create(who, { title: "x", tlp: "RED" }), ForbiddenError);
        await refused(() => ctx.incidents.list(who), ForbiddenError);
        await refused(() => ctx.incidents.get(who, i.id), ForbiddenError);
        await refused(() => ctx.incidents.note(who, i.id, { text: "x" }), ForbiddenError);
        await refused(
          () => ctx.incidents.setState(who, i.id, { state: "contained" }),
          ForbiddenError,
        );
        const e = await refused(
          () => ctx.incidents.mark(who, i.id, { step: "reported" }),
          ForbiddenError,
        );
        assert.equal(e.code, "forbidden");
        assert.equal(e.status, 403);
      }
      const v = await ctx.incidents.get(admin, i.id);
      assert.equal(v.state, "open");
      assert.equal(v.actions.length, 1, "nothing written");
    });

    it("refuses bad input naming the field, and stores nothing", async () => {
      const before = (await ctx.incidents.list(admin)).length;
      await invalid(() => open({ tlp: "PURPLE" }), "tlp");
      await invalid(() => open({ tlp: "amber" }), "tlp");
      await invalid(() => ctx.incidents.create(responder, { title: "x" }), "tlp");
      await invalid(() => open({ title: "" }), "title");
      await invalid(() => open({ title: "   " }), "title");
      await invalid(() => open({ title: "first line\nsecond line" }), "title");
      await invalid(() => open({ severity: "urgent" }), "severity");
      await invalid(() => open({ discoveredAt: "2026-03-01T08:00:00" }), "discoveredAt");
      await invalid(() => open({ discoveredAt: "2026-02-30T00:00:00Z" }), "discoveredAt");
      await invalid(() => open({ discoveredAt: "2026-04-31T10:00:00Z" }), "discoveredAt");
      await invalid(() => open({ discoveredAt: "yesterday" }), "discoveredAt");
      await invalid(() => open({ affectedSites: ["ok", "bad\u0007"] }), "affectedSites[1]");
      await invalid(() => open({ priority: "high" }), "priority");
      assert.equal((await ctx.incidents.list(admin)).length, before);

      const i = await open();
      await invalid(
        () => ctx.incidents.note(responder, i.id, { text: "ring \u0007 bell" }),
        "text",
      );
      await invalid(() => ctx.incidents.note(responder, i.id, { text: "" }), "text");
      await invalid(() => ctx.incidents.note(responder, i.id, { text: "x", by: "me" }), "by");
      await invalid(() => ctx.incidents.setState(responder, i.id, { state: "done" }), "state");
      await invalid(
        () => ctx.incidents.setState(responder, i.id, { state: "closed", note: "a\nb" }),
        "note",
      );
      await invalid(() => ctx.incidents.mark(responder, i.id, { step: "contained" }), "step");
      assert.equal((await ctx.incidents.get(admin, i.id)).actions.length, 1);
    });
  });
}
