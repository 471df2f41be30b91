import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ParsedEvent } from "../events/trace-event.js";
import { assertCutsHandled } from "../../test-support/cut-lines.js";
import { condorAuditFormat } from "./condor-audit.parser.js";
import type { LineParser, LineResult } from "./parser.js";

const ISS = "https://iam.example.org/";
const SUB = "7c3e1f0a-5b2d-4c8e-9a1f-0e2d3c4b5a69";
const JTI = "b1a2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";
const PAYLOAD = JSON.stringify({
  iss: ISS,
  sub: SUB,
  jti: JTI,
  client_id: "pilot-factory",
  exp: 1725361872,
  aud: ["https://ce01.example.org:9619"],
  scope: "compute.create compute.read",
  "wlcg.groups": ["/vo", "/vo/production"],
});

const GROUP = [
  `09/03/24 10:11:12 (cid:4711) Examining SciToken with payload ${PAYLOAD}.`,
  "09/03/24 10:11:12 (cid:4711) Command=QMGMT_WRITE_CMD, peer=<192.0.2.33:40567?addrs=192.0.2.33-40567&alias=wn.example.net>",
  `09/03/24 10:11:12 (cid:4711) AuthMethod=SCITOKENS, AuthId=${ISS},${SUB}, CondorId=vopilot@users.htcondor.org`,
  "09/03/24 10:11:13 (cid:4711) Submitting new job 1234.0",
  "09/03/24 10:11:13 (cid:4711) Submitting new job 1234.1",
];

const T0 = Date.UTC(2024, 8, 3, 10, 11, 12);

function run(p: LineParser, lines: string[]): ParsedEvent[] {
  const out: ParsedEvent[] = [];
  lines.forEach((line, i) => {
    const r = p.parseLine(line, i + 1);
    assert.notEqual(r.kind, "bad", `${line}: ${JSON.stringify(r)}`);
    if (r.kind === "events") out.push(...r.events);
  });
  return out;
}

function single(line: string, p: LineParser = condorAuditFormat.create()): ParsedEvent {
  const list = run(p, [line]);
  assert.equal(list.length, 1);
  const e = list[0];
  if (e === undefined) throw new Error("unreachable");
  return e;
}

function reason(r: LineResult): string {
  return r.kind === "bad" ? r.reason : r.kind;
}

const TOKEN_FACTS = {
  iss: ISS,
  sub: SUB,
  jti: JTI,
  clientId: "pilot-factory",
  groups: ["/vo", "/vo/production"],
  tokenExp: 1725361872,
  clientIp: "192.0.2.33",
  mappedUser: "vopilot",
  corr: "cid:4711",
};
const DETAILS = {
  scope: "compute.create compute.read",
  aud: "https://ce01.example.org:9619",
  condorId: "vopilot@users.htcondor.org",
  command: "QMGMT_WRITE_CMD",
  authMethod: "SCITOKENS",
};

describe("condor-audit: one connection", () => {
  it("emits auth.login and one job.submitted per job with the token joined by cid", () => {
    const [login, job0, job1, ...rest] = run(condorAuditFormat.create(), GROUP);
    assert.equal(rest.length, 0);
    assert.deepEqual(login, {
      timeMs: T0,
      tzOffsetMin: null,
      component: "condor",
      action: "auth.login",
      outcome: "success",
      ...TOKEN_FACTS,
      objectKind: null,
      object: null,
      details: DETAILS,
    });
    assert.deepEqual(job0, {
      ...login,
      timeMs: T0 + 1000,
      action: "job.submitted",
      objectKind: "job",
      object: "1234.0",
    });
    assert.equal(job1?.object, "1234.1");
  });

  it("gives the same events when the group is split across two parsers by saveState", () => {
    const whole = run(condorAuditFormat.create(), GROUP);
    for (let cut = 1; cut < GROUP.length; cut++) {
      const first = condorAuditFormat.create();
      const a = run(first, GROUP.slice(0, cut));
      const state: unknown = JSON.parse(JSON.stringify(first.saveState()));
      const b = run(condorAuditFormat.create(state), GROUP.slice(cut));
      assert.deepEqual([...a, ...b], whole, `cut at ${cut}`);
    }
  });

  it("reads fractional seconds, dprintf tags in any order and four-digit years", () => {
    const p = condorAuditFormat.create();
    run(p, [
      `09/03/2024 10:11:12.250 (pid:2201) (D_AUDIT) (cid:9) Examining SciToken with payload ${PAYLOAD}.`,
    ]);
    const e = single(
      `09/03/24 10:11:12.250 (cid:9) (pid:2201) AuthMethod=SCITOKENS, AuthId=${ISS},${SUB}, CondorId=u@d`,
      p,
    );
    assert.equal(e.timeMs, T0 + 250);
    assert.equal(e.jti, JTI);
    assert.equal(e.corr, "cid:9");
  });

  it("splits AuthId at the first comma and CondorId at the last one", () => {
    const e = single(
      "09/03/24 10:11:12 (cid:5) AuthMethod=SCITOKENS, AuthId=https://cilogon.org/osg,http://cilogon.org/serverA/users/42, CondorId=osg, CondorId=x@y",
    );
    assert.equal(e.iss, "https://cilogon.org/osg");
    assert.equal(e.sub, "http://cilogon.org/serverA/users/42, CondorId=osg");
    assert.equal(e.mappedUser, "x");
  });

  for (const [peer, ip] of [
    ["<[2001:db8::5]:9618?addrs=[2001-db8--5]-9618>", "2001:db8::5"],
    ["[2001:db8::6]:40000", "2001:db8::6"],
    ["<2001:db8::7>", "2001:db8::7"],
    ["198.51.100.2:9618", "198.51.100.2"],
  ] as const) {
    it(`strips the port from peer ${peer}`, () => {
      const p = condorAuditFormat.create();
      run(p, [`09/03/24 10:11:12 (cid:1) Command=QMGMT_WRITE_CMD, peer=${peer}`]);
      assert.equal(single("09/03/24 10:11:12 (cid:1) Submitting new job 1.0", p).clientIp, ip);
    });
  }

  it("lets a new SciToken on a known cid replace the old connection's facts", () => {
    const p = condorAuditFormat.create();
    run(p, GROUP);
    const other = JSON.stringify({ iss: ISS, sub: "other-sub", jti: "j-2", groups: "/a,/b" });
    run(p, [`09/03/24 11:00:00 (cid:4711) Examining SciToken with payload ${other}.`]);
    const e = single("09/03/24 11:00:01 (cid:4711) Submitting new job 99.0", p);
    assert.equal(e.sub, "other-sub");
    assert.equal(e.jti, "j-2");
    assert.deepEqual(e.groups, ["/a", "/b"]);
    assert.equal(e.clientIp, null);
    assert.equal(e.mappedUser, null);
  });

  it("does not attach token facts to a login by another method", () => {
    const p = condorAuditFormat.create();
    run(p, [`09/03/24 10:11:12 (cid:3) Examining SciToken with payload ${PAYLOAD}.`]);
    const e = single(
      "09/03/24 10:11:12 (cid:3) AuthMethod=IDTOKENS, AuthId=condor@pool, CondorId=condor@pool",
      p,
    );
    assert.equal(e.jti, null);
    assert.equal(e.sub, null);
    assert.equal(e.details?.authId, "condor@pool");
  });

  it("does not pin an earlier connection's token on a cid reused without its payload line", () => {
    const p = condorAuditFormat.create();
    run(p, GROUP); // cid 4711 carried JTI
    // The schedd restarted and counts cids again; this login's "Examining SciToken" was not seen.
    const login = single(
      `09/03/24 12:00:00 (cid:4711) AuthMethod=SCITOKENS, AuthId=${ISS},someone-else, CondorId=u2@pool`,
      p,
    );
    assert.equal(login.sub, "someone-else");
    assert.equal(login.jti, null);
    assert.equal(login.groups, null);
    assert.equal(login.details?.payloadIgnored, "its iss or sub is not the AuthId's");
    const job = single("09/03/24 12:00:01 (cid:4711) Submitting new job 77.0", p);
    assert.equal(job.jti, null);
    assert.equal(job.mappedUser, "u2");
    // The same identity's payload is still joined (the usual order of the lines).
    const again = run(
      p,
      [...GROUP.slice(0, 3)].map((l) => l.replace("cid:4711", "cid:9")),
    );
    assert.equal(again[0]?.jti, JTI);
    assert.equal(again[0]?.details?.payloadIgnored, undefined);
  });

  it("reports failed authentication and denied authorization", () => {
    const p = condorAuditFormat.create();
    run(p, [`09/03/24 10:11:12 (cid:8) Examining SciToken with payload ${PAYLOAD}.`]);
    const failed = single(
      "09/03/24 10:11:12 (cid:8) Authentication Failed, MethodsTried=SCITOKENS,SSL",
      p,
    );
    assert.equal(failed.action, "auth.login");
    assert.equal(failed.outcome, "failure");
    assert.equal(failed.jti, JTI);
    assert.equal(failed.details?.methodsTried, "SCITOKENS,SSL");
    const denied = single("09/03/24 10:11:12 (cid:8) Authorization Denied", p);
    assert.equal(denied.action, "auth.denied");
    assert.equal(denied.outcome, "failure");
    const undecodable = single(
      "09/03/24 10:11:12 (cid:10) Failed to decode a SciToken in order to examine it - rejecting.",
    );
    assert.equal(undecodable.details?.reason, "scitoken_undecodable");
  });

  it("emits a submission without a known cid", () => {
    const e = single("09/03/24 10:11:12 (cid:77) Submitting new job 5.3");
    assert.equal(e.action, "job.submitted");
    assert.equal(e.object, "5.3");
    assert.equal(e.sub, null);
    assert.equal(e.corr, "cid:77");
  });
});

describe("condor-audit: routed jobs and credmon", () => {
  it("reads RoutedFromJobId with the new job id", () => {
    const e = single(
      '09/03/24 10:20:00 (cid:4) job 205.0 submitted to batch, RoutedFromJobId = "1234.0"',
    );
    assert.equal(e.action, "job.routed");
    assert.equal(e.object, "205.0");
    assert.equal(e.details?.routedFromJobId, "1234.0");
  });

  it("reads '<job> routed from <job>'", () => {
    const e = single("09/03/24 10:20:00 Job 206.0 routed from job 1234.1.");
    assert.equal(e.object, "206.0");
    assert.equal(e.details?.routedFromJobId, "1234.1");
  });

  it("reads the JobRouter log's claimed/submitted lines and skips the others", () => {
    const e = single(
      "09/03/24 10:20:00 JobRouter (src=86.0,dest=205.0,route=Local_Condor): claimed job",
    );
    assert.equal(e.object, "205.0");
    assert.deepEqual(e.details, { routedFromJobId: "86.0", route: "Local_Condor" });
    const p = condorAuditFormat.create();
    assert.equal(
      reason(
        p.parseLine(
          "09/03/24 10:20:00 JobRouter (src=86.0,route=Local_LSF): found candidate job",
          1,
        ),
      ),
      "ignored",
    );
    assert.equal(reason(p.parseLine("09/03/24 10:20:00 RoutedFromJobId = nothing", 1)), "ignored");
  });

  it("reads the credmon's refresh lines", () => {
    const prefix = "2024-09-03 10:11:12,345 - OAuthCredmon - INFO - ";
    const start = single(prefix + "Refreshing scitokens tokens for user alice");
    assert.equal(start.action, "token.refreshed");
    assert.equal(start.outcome, "unknown");
    assert.equal(start.mappedUser, "alice");
    assert.equal(start.timeMs, T0 + 345);
    assert.equal(start.tzOffsetMin, null, "a wall-clock time: --tz may move it");
    assert.deepEqual(start.details, { provider: "scitokens" });
    const zoned = single(prefix.replace(",345", ",345+0200") + "Refreshing x tokens for user a");
    assert.equal(zoned.timeMs, T0 + 345 - 2 * 3_600_000);
    assert.equal(zoned.tzOffsetMin, 120, "an instant with its offset: no --tz moves it");
    assert.equal(
      single(prefix + "Successfully refreshed scitokens tokens for user alice").outcome,
      "success",
    );
    const failed = single(
      prefix.replace("INFO", "ERROR") + "Failed to refresh vo_token tokens for user bob",
    );
    assert.equal(failed.action, "token.refresh.failed");
    assert.equal(failed.outcome, "failure");
  });
});

describe("condor-audit: bad input and state", () => {
  it("reports bad timestamps, unknown lines and bad payloads; ignores other messages", () => {
    const p = condorAuditFormat.create();
    assert.equal(
      reason(p.parseLine("13/32/24 10:11:12 (cid:1) Submitting new job 1.0", 1)),
      "bad_timestamp",
    );
    assert.equal(
      reason(p.parseLine("02/30/24 10:11:12 (cid:1) Submitting new job 1.0", 1)),
      "bad_timestamp",
    );
    assert.equal(reason(p.parseLine("09/03/24 1O:11:12 Submitting", 1)), "bad_timestamp");
    assert.equal(reason(p.parseLine("Stack trace follows", 1)), "unknown_line");
    assert.equal(
      reason(
        p.parseLine("09/03/24 10:11:12 (cid:1) Examining SciToken with payload {not json}.", 1),
      ),
      "bad_json",
    );
    assert.equal(
      reason(p.parseLine("09/03/24 10:11:12 (cid:1) Examining SciToken with payload [1,2].", 1)),
      "bad_json",
    );
    assert.equal(
      reason(p.parseLine("09/03/24 10:11:12 (cid:1) Received proxy for job 1.0", 1)),
      "ignored",
    );
  });

  it("classifies empty, overlong, binary, U+FFFD and truncated lines without throwing", () => {
    const p = condorAuditFormat.create();
    assert.equal(reason(p.parseLine("", 1)), "ignored");
    assert.equal(reason(p.parseLine("x".repeat(65_537), 1)), "line_too_long");
    assert.equal(reason(p.parseLine("09/03/24 10:11:12 (cid:1) \u0000\u0000", 1)), "binary_data");
    const e = single(
      "09/03/24 10:11:12 (cid:2) AuthMethod=SCITOKENS, AuthId=\uFFFD,\uFFFD, CondorId=\uFFFD@d",
      p,
    );
    assert.equal(e.sub, "\uFFFD");
    for (const line of GROUP) assertCutsHandled(line, 3, (cut) => p.parseLine(cut, 1));
  });

  it("remembers at most 4096 cids, evicting the least recently used, and saves the last 256", () => {
    const p = condorAuditFormat.create();
    for (let i = 0; i < 4100; i++)
      p.parseLine(`09/03/24 10:11:12 (cid:${i}) Command=X, peer=192.0.2.${i % 250}:1`, i);
    const submit = (cid: number, parser = p) =>
      single(`09/03/24 10:11:13 (cid:${cid}) Submitting new job ${cid}.0`, parser);
    assert.equal(submit(3).clientIp, null, "evicted");
    assert.equal(submit(4).clientIp, "192.0.2.4", "still remembered");
    const state = p.saveState() as { cids: [string, unknown][] };
    assert.equal(state.cids.length, 256);
    // oldest first: cids 3845…4099, then 4, just used by its submission (3 was not known)
    assert.deepEqual(
      state.cids.map(([cid]) => cid),
      [...Array.from({ length: 255 }, (_, k) => String(3845 + k)), "4"],
    );
    const resumed = condorAuditFormat.create(state);
    assert.equal(submit(4099, resumed).clientIp, "192.0.2.99", "a saved cid joins after a resume");
    assert.equal(submit(3844, resumed).clientIp, null, "one not saved does not");
  });

  it("starts empty from a malformed state", () => {
    for (const bad of [
      42,
      { v: 2, cids: [] },
      { v: 1, cids: [["1", { peer: 5 }]] },
      { v: 1, cids: [[1, {}]] },
    ]) {
      const p = condorAuditFormat.create(bad);
      assert.deepEqual(p.saveState(), { v: 1, cids: [] });
    }
  });

  it("sniffs audit, JobRouter and credmon lines only", () => {
    assert.equal(condorAuditFormat.sniff(GROUP[1] ?? ""), true);
    assert.equal(
      condorAuditFormat.sniff("09/03/24 10:20:00 JobRouter (src=1.0,route=r): claimed job"),
      true,
    );
    assert.equal(
      condorAuditFormat.sniff(
        "2024-09-03 10:11:12,345 - C - INFO - Refreshing x tokens for user a",
      ),
      true,
    );
    assert.equal(condorAuditFormat.sniff("09/03/24 10:11:12 Some other daemon line"), false);
    assert.equal(
      condorAuditFormat.sniff("level=INFO ts=2024-09-03T10:11:12Z event=org.dcache.webdav.request"),
      false,
    );
  });
});
