// The incident model (issue 9): the EGI CSIRT procedure clock (report within 4 h of discovery,
// contain within 24 h, closure report one calendar month after resolution), the calendar month
// with its clamping, and states that only move forward.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  INCIDENT_STATES,
  addMonth,
  canMove,
  procedureClock,
  type ClockEntry,
  type ClockStep,
  type Incident,
} from "./incident.model.js";

const DISCOVERED = "2026-03-01T09:00:00.000Z";
const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);

function incident(over: Partial<Incident> = {}): Incident {
  return {
    id: "inc_1",
    title: "Stolen refresh token",
    tlp: "AMBER",
    severity: "high",
    state: "open",
    summary: null,
    affectedSites: [],
    affectedIdentities: [],
    tokens: [],
    lessonsLearned: null,
    discoveredAt: DISCOVERED,
    reportedAt: null,
    containedAt: null,
    resolvedAt: null,
    closureReportAt: null,
    closedAt: null,
    createdAt: DISCOVERED,
    createdBy: "responder",
    updatedAt: DISCOVERED,
    ...over,
  };
}

function step(clock: ClockEntry[], s: ClockStep): ClockEntry {
  const e = clock.find((c) => c.step === s);
  assert.ok(e !== undefined, `no ${s} entry`);
  return e;
}

describe("procedureClock", () => {
  it("lists the three steps in procedure order", () => {
    const clock = procedureClock(incident(), at(DISCOVERED));
    assert.deepEqual(
      clock.map((c) => c.step),
      ["reported", "contained", "closure-report"],
    );
  });

  it("reported is due 4 h after discovery and overdue only after that instant", () => {
    const due = at(DISCOVERED) + 4 * HOUR;
    const i = incident();
    assert.deepEqual(step(procedureClock(i, at(DISCOVERED)), "reported"), {
      step: "reported",
      dueAt: "2026-03-01T13:00:00.000Z",
      doneAt: null,
      overdue: false,
    });
    assert.equal(step(procedureClock(i, due - 1), "reported").overdue, false);
    assert.equal(step(procedureClock(i, due), "reported").overdue, false, "at the due time");
    assert.equal(step(procedureClock(i, due + 1), "reported").overdue, true, "1 ms after");
  });

  it("contained is due 24 h after discovery and overdue only after that instant", () => {
    const due = at(DISCOVERED) + 24 * HOUR;
    const i = incident();
    assert.equal(step(procedureClock(i, due), "contained").dueAt, "2026-03-02T09:00:00.000Z");
    assert.equal(step(procedureClock(i, due - 1), "contained").overdue, false);
    assert.equal(step(procedureClock(i, due), "contained").overdue, false);
    assert.equal(step(procedureClock(i, due + 1), "contained").overdue, true);
    // between the two deadlines only the report is late
    const between = procedureClock(i, at(DISCOVERED) + 5 * HOUR);
    assert.deepEqual(
      between.filter((c) => c.overdue).map((c) => c.step),
      ["reported"],
    );
  });

  it("the deadlines follow discoveredAt, not the creation time", () => {
    const i = incident({ discoveredAt: "2026-02-28T22:30:00.000Z" });
    const clock = procedureClock(i, at(DISCOVERED));
    assert.equal(step(clock, "reported").dueAt, "2026-03-01T02:30:00.000Z");
    assert.equal(step(clock, "contained").dueAt, "2026-03-01T22:30:00.000Z");
    assert.equal(step(clock, "reported").overdue, true);
    assert.equal(step(clock, "contained").overdue, false);
  });

  it("a done step is never overdue, however late it was done or is now", () => {
    const i = incident({
      reportedAt: "2026-03-05T00:00:00.000Z",
      containedAt: "2026-03-09T00:00:00.000Z",
      resolvedAt: "2026-03-10T00:00:00.000Z",
      closureReportAt: "2026-06-01T00:00:00.000Z",
    });
    const clock = procedureClock(i, at("2030-01-01T00:00:00Z"));
    assert.deepEqual(
      clock.map((c) => [c.step, c.doneAt, c.overdue]),
      [
        ["reported", "2026-03-05T00:00:00.000Z", false],
        ["contained", "2026-03-09T00:00:00.000Z", false],
        ["closure-report", "2026-06-01T00:00:00.000Z", false],
      ],
    );
  });

  it("the closure report has no due time until resolution, and is then never overdue", () => {
    for (const state of ["open", "contained"] as const) {
      const i = incident({ state, containedAt: state === "contained" ? DISCOVERED : null });
      const e = step(procedureClock(i, at("2099-01-01T00:00:00Z")), "closure-report");
      assert.deepEqual(e, { step: "closure-report", dueAt: null, doneAt: null, overdue: false });
    }
  });

  it("the closure report is due one calendar month after resolution, overdue just after", () => {
    const resolvedAt = "2026-03-10T15:30:45.123Z";
    const i = incident({ state: "resolved", containedAt: resolvedAt, resolvedAt });
    const dueAt = "2026-04-10T15:30:45.123Z";
    const e = step(procedureClock(i, at(resolvedAt)), "closure-report");
    assert.deepEqual(e, { step: "closure-report", dueAt, doneAt: null, overdue: false });
    assert.equal(step(procedureClock(i, at(dueAt) - 1), "closure-report").overdue, false);
    assert.equal(step(procedureClock(i, at(dueAt)), "closure-report").overdue, false);
    assert.equal(step(procedureClock(i, at(dueAt) + 1), "closure-report").overdue, true);
  });

  it("resolution on Jan 31 makes the closure report due on the last day of February", () => {
    const i = incident({
      discoveredAt: "2028-01-30T00:00:00.000Z",
      resolvedAt: "2028-01-31T18:00:00.000Z",
    });
    const e = step(procedureClock(i, at("2028-02-01T00:00:00Z")), "closure-report");
    assert.equal(e.dueAt, "2028-02-29T18:00:00.000Z");
  });
});

describe("addMonth", () => {
  it("clamps Jan 31 to Feb 29 in a leap year and Feb 28 otherwise", () => {
    assert.equal(addMonth("2024-01-31T10:20:30.456Z"), "2024-02-29T10:20:30.456Z");
    assert.equal(addMonth("2028-01-31T00:00:00.000Z"), "2028-02-29T00:00:00.000Z");
    assert.equal(addMonth("2025-01-31T10:20:30.456Z"), "2025-02-28T10:20:30.456Z");
    assert.equal(addMonth("2026-01-31T23:59:59.999Z"), "2026-02-28T23:59:59.999Z");
    // the Gregorian century rules
    assert.equal(addMonth("2100-01-31T12:00:00.000Z"), "2100-02-28T12:00:00.000Z");
    assert.equal(addMonth("2000-01-31T12:00:00.000Z"), "2000-02-29T12:00:00.000Z");
  });

  it("Jan 29 and 30 also clamp to the end of February; Jan 28 does not move", () => {
    assert.equal(addMonth("2025-01-29T08:00:00.000Z"), "2025-02-28T08:00:00.000Z");
    assert.equal(addMonth("2025-01-30T08:00:00.000Z"), "2025-02-28T08:00:00.000Z");
    assert.equal(addMonth("2024-01-30T08:00:00.000Z"), "2024-02-29T08:00:00.000Z");
    assert.equal(addMonth("2025-01-28T08:00:00.000Z"), "2025-02-28T08:00:00.000Z");
  });

  it("clamps the 31st to a 30-day month", () => {
    assert.equal(addMonth("2026-03-31T06:00:00.000Z"), "2026-04-30T06:00:00.000Z");
    assert.equal(addMonth("2026-08-31T06:00:00.000Z"), "2026-09-30T06:00:00.000Z");
    assert.equal(addMonth("2026-10-31T06:00:00.000Z"), "2026-11-30T06:00:00.000Z");
  });

  it("December moves to January of the next year", () => {
    assert.equal(addMonth("2025-12-15T23:59:59.999Z"), "2026-01-15T23:59:59.999Z");
    assert.equal(addMonth("2025-12-31T00:00:00.000Z"), "2026-01-31T00:00:00.000Z");
    assert.equal(addMonth("2026-12-01T12:34:56.789Z"), "2027-01-01T12:34:56.789Z");
  });

  it("keeps the day and the time of day when the next month has that day", () => {
    assert.equal(addMonth("2026-02-28T17:45:12.345Z"), "2026-03-28T17:45:12.345Z");
    assert.equal(addMonth("2026-04-30T00:00:00.001Z"), "2026-05-30T00:00:00.001Z");
    assert.equal(addMonth("2026-06-15T09:00:00.000Z"), "2026-07-15T09:00:00.000Z");
  });

  it("works in UTC: an offset time is read as its instant", () => {
    // 2026-01-31T23:30-02:00 is 2026-02-01T01:30Z
    assert.equal(addMonth("2026-01-31T23:30:00-02:00"), "2026-03-01T01:30:00.000Z");
  });
});

describe("canMove", () => {
  it("moves only forward, to any later state", () => {
    const allowed: string[] = [];
    for (const from of INCIDENT_STATES)
      for (const to of INCIDENT_STATES) if (canMove(from, to)) allowed.push(`${from}→${to}`);
    assert.deepEqual(allowed, [
      "open→contained",
      "open→resolved",
      "open→closed",
      "contained→resolved",
      "contained→closed",
      "resolved→closed",
    ]);
  });

  it("refuses the same state and every step back", () => {
    for (const s of INCIDENT_STATES) assert.equal(canMove(s, s), false, s);
    assert.equal(canMove("contained", "open"), false);
    assert.equal(canMove("resolved", "contained"), false);
    assert.equal(canMove("closed", "open"), false);
    assert.equal(canMove("closed", "resolved"), false);
  });
});
