import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertCutsHandled } from "../../test-support/cut-lines.js";
import type { ParsedEvent } from "../events/trace-event.js";
import { arcJobsFormat } from "./arc-jobs.parser.js";
import type { LineResult } from "./parser.js";

const ID = "qX7LDmV0mu5nKcTbgnKVqUSmABFKDmABFKDmXyNKDmABFKDmL1k2Zn";
const OWNER = "https://iam.example.org/realms/vo/9d2f6c1e-3a4b-4c5d-8e7f-a0b1c2d3e4f5";
const T = Date.UTC(2024, 8, 3, 10, 11, 12);

const STARTED =
  `2024-09-03 10:11:12 Started - job id: ${ID}, unix user: 41000:41000, name: "sim \\"batch\\" 7", ` +
  `owner: "${OWNER}", lrms: slurm, queue: grid_long`;
const FINISHED =
  `2024-09-03 12:00:00 Finished - job id: ${ID}, unix user: 41000:41000, name: "sim", owner: "${OWNER}", ` +
  "lrms: slurm, queue: grid_long, lrmsid: 8812345";

function parse(line: string): LineResult {
  return arcJobsFormat.create().parseLine(line, 1);
}

function one(line: string): ParsedEvent {
  const r = parse(line);
  assert.equal(r.kind, "events", JSON.stringify(r));
  if (r.kind !== "events" || r.events[0] === undefined) throw new Error("unreachable");
  return r.events[0];
}

function reason(line: string): string {
  const r = parse(line);
  return r.kind === "bad" ? r.reason : r.kind;
}

describe("arc-jobs: job lines", () => {
  it("reads a Started line and splits the owner at the last slash", () => {
    assert.deepEqual(one(STARTED), {
      timeMs: T,
      tzOffsetMin: null,
      component: "arc",
      action: "job.started",
      outcome: "success",
      iss: "https://iam.example.org/realms/vo",
      sub: "9d2f6c1e-3a4b-4c5d-8e7f-a0b1c2d3e4f5",
      jti: null,
      clientId: null,
      groups: null,
      mappedUser: "41000:41000",
      objectKind: "job",
      object: ID,
      clientIp: null,
      corr: null,
      tokenExp: null,
      details: { owner: OWNER, name: 'sim "batch" 7', lrms: "slurm", queue: "grid_long" },
    });
  });

  it("reads a Finished line with lrmsid as success", () => {
    const e = one(FINISHED);
    assert.equal(e.action, "job.finished");
    assert.equal(e.outcome, "success");
    assert.equal(e.details?.lrmsId, "8812345");
    assert.equal(e.details?.failure, undefined);
  });

  it("reads a Finished line with a failure as failure", () => {
    const e = one(FINISHED + ', failure: "LRMS error: (271) job killed, \\"OOM\\"."');
    assert.equal(e.outcome, "failure");
    assert.equal(e.details?.failure, 'LRMS error: (271) job killed, "OOM".');
    assert.equal(e.details?.lrmsId, "8812345");
  });

  it("reads the short Finished form with only lrmsid and failure", () => {
    const e = one(
      `2024-09-03 12:00:00 Finished - job id: ${ID}, lrmsid: 77, failure: "Job was cancelled"`,
    );
    assert.equal(e.outcome, "failure");
    assert.equal(e.mappedUser, null);
    assert.deepEqual(e.details, { lrmsId: "77", failure: "Job was cancelled" });
  });

  it("maps other statuses to job.<status>", () => {
    const e = one(`2024-09-03 10:00:00 Accepted - job id: ${ID}, unix user: 1:2`);
    assert.equal(e.action, "job.accepted");
    assert.equal(e.outcome, "unknown");
    assert.equal(
      one(`2024-09-03 10:00:00 Killed - job id: ${ID}, unix user: 1:2`).action,
      "job.killed",
    );
  });

  it("keeps an X.509 DN owner as details.dn and a plain owner as sub", () => {
    const dn = one(STARTED.replace(OWNER, "/DC=org/DC=example/CN=Some User"));
    assert.equal(dn.iss, null);
    assert.equal(dn.sub, null);
    assert.equal(dn.details?.dn, "/DC=org/DC=example/CN=Some User");
    assert.equal(one(STARTED.replace(OWNER, "localuser")).sub, "localuser");
  });

  it("accepts a line whose job description was unreadable", () => {
    const e = one(`2024-09-03 10:11:12 Started - job id: ${ID}, unix user: 41000:41000, `);
    assert.equal(e.object, ID);
    assert.equal(e.mappedUser, "41000:41000");
    assert.deepEqual(e.details, {});
  });
});

describe("arc-jobs: time forms", () => {
  const tail = STARTED.slice(19);
  for (const [label, prefix, ms, tz] of [
    ["bracketed", "[2024-09-03 10:11:12]", T, null],
    ["ISO with offset", "2024-09-03T12:11:12+02:00", T, 120],
    ["fraction and Z", "2024-09-03T10:11:12.75Z", T + 750, 0],
    ["+HHMM", "2024-09-03 11:11:12+0100", T, 60],
    ["MDS", "20240903101112Z", T, 0],
    ["old leading blank", " 2024-09-03 10:11:12", T, null],
  ] as const) {
    it(`reads the ${label} form`, () => {
      const e = one(prefix + tail);
      assert.equal(e.timeMs, ms);
      assert.equal(e.tzOffsetMin, tz);
      assert.equal(e.action, "job.started");
    });
  }

  it("reads the old form without a blank before the status", () => {
    assert.equal(one(" 2024-09-03 10:11:12" + tail.trimStart()).action, "job.started");
  });
});

describe("arc-jobs: bad input", () => {
  it("reports bad times, unknown lines, bad quoting and empty ids", () => {
    assert.equal(reason("2024-13-03 10:11:12" + STARTED.slice(19)), "bad_timestamp");
    assert.equal(reason("[2024-09-03 10:11:12 Started - job id: x"), "bad_timestamp");
    assert.equal(reason("something else entirely"), "unknown_line");
    assert.equal(reason(`2024-09-03 10:11:12 Sta rted - job id: ${ID}`), "unknown_line");
    assert.equal(
      reason(`2024-09-03 10:11:12 Started - job id: ${ID}, name: "never closed`),
      "bad_quoting",
    );
    assert.equal(reason("2024-09-03 10:11:12 Started - job id: , unix user: 1:1"), "missing_field");
    assert.equal(reason("2024-09-03 10:11:12 A-REX restarted"), "ignored");
  });

  it("classifies empty, overlong, binary, U+FFFD and truncated lines without throwing", () => {
    assert.equal(reason(""), "ignored");
    assert.equal(reason(STARTED + " ".repeat(70_000)), "line_too_long");
    assert.equal(reason("\u0000" + STARTED), "binary_data");
    assert.equal(one(STARTED.replace("grid_long", "grid\uFFFD")).details?.queue, "grid\uFFFD");
    assertCutsHandled(FINISHED, 3, parse);
  });

  it("sniffs jobs-log lines only", () => {
    assert.equal(arcJobsFormat.sniff(STARTED), true);
    assert.equal(arcJobsFormat.sniff("09/03/24 10:11:12 (cid:1) Submitting new job 1.0"), false);
    assert.equal(
      arcJobsFormat.sniff("level=INFO ts=2024-09-03T10:11:12Z event=org.dcache.webdav.request"),
      false,
    );
  });
});
