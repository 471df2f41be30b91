import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ParsedEvent } from "../events/trace-event.js";
import { eosReportFormat } from "./eos-report.parser.js";
import type { LineResult } from "./parser.js";

const LOG = "3e1f0c2a-8b7d-11ef-9a41-a4bf01234567";
const ISS = "https://atlas-auth.example.org/";
const CLOSE = Date.UTC(2024, 9, 3, 10, 11, 12, 345);

type Over = Partial<Record<string, string | null>>;

/** A report record in EOS's key order; `null` drops a key. */
function record(over: Over = {}): string {
  const base: Record<string, string | null> = {
    log: LOG,
    path: "/eos/atlas/user/a/alice/run42.root",
    ruid: "10123",
    rgid: "1307",
    td: "alice.4242:77@192.0.2.44",
    host: "fst01.example.org",
    lid: "1048850",
    fid: "553521212",
    fsid: "17",
    ots: "1727950200",
    otms: "125",
    cts: "1727950272",
    ctms: "345",
    nrc: "3",
    nwc: "0",
    rb: "4096",
    rb_min: "1024",
    wb: "0",
    "sec.prot": "scitokens",
    "sec.name": "alice",
    "sec.host": "192.0.2.44",
    "sec.vorg": ISS,
    "sec.grps": "/atlas,/atlas/users",
    "sec.role": "",
    "sec.info": "",
    "sec.app": "xrdcp",
    ...over,
  };
  return Object.entries(base)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

function parse(text: string): LineResult {
  return eosReportFormat.create().parseLine(text, 1);
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

describe("eos-report: documented variants", () => {
  it("a token (scitokens) close: mapped user, issuer, groups, path, IP, log corr", () => {
    const ev = one(record());
    assert.equal(ev.component, "eos");
    assert.equal(ev.action, "file.closed");
    assert.equal(ev.outcome, "success");
    assert.equal(ev.timeMs, CLOSE);
    assert.equal(ev.tzOffsetMin, 0); // epoch seconds: an instant
    assert.equal(ev.mappedUser, "alice");
    assert.equal(ev.iss, ISS);
    assert.equal(ev.sub, null);
    assert.equal(ev.jti, null);
    assert.deepEqual(ev.groups, ["/atlas", "/atlas/users"]);
    assert.equal(ev.objectKind, "path");
    assert.equal(ev.object, "/eos/atlas/user/a/alice/run42.root");
    assert.equal(ev.clientIp, "192.0.2.44");
    assert.equal(ev.corr, `log:${LOG}`);
    assert.deepEqual(ev.details, {
      fid: "553521212",
      rb: 4096,
      wb: 0,
      prot: "scitokens",
      ruid: "10123",
      rgid: "1307",
      td: "alice.4242:77@192.0.2.44",
      role: null,
      app: "xrdcp",
      fstHost: "fst01.example.org",
      openMs: 1727950200125,
    });
  });

  it("oauth2 and ztn protocols take sec.vorg as issuer even when it is not a URL", () => {
    assert.equal(one(record({ "sec.prot": "oauth2", "sec.vorg": "wlcg" })).iss, "wlcg");
    assert.equal(one(record({ "sec.prot": "ztn" })).iss, ISS);
  });

  it("an https URL in sec.vorg is an issuer under any protocol (https gateway)", () => {
    assert.equal(one(record({ "sec.prot": "https" })).iss, ISS);
  });

  it("gsi: the VO name stays in details.vorg, the DN in details.info, names are not resolved", () => {
    const ev = one(
      record({
        "sec.prot": "gsi",
        "sec.vorg": "atlas",
        "sec.grps": "/atlas/Role=production",
        "sec.role": "production",
        "sec.host": "ui03.example.org",
        td: "atlasprd.99:5@ui03.example.org",
        "sec.info": "/DC=org/DC=example/OU=Users/CN=Alice Tester",
      }),
    );
    assert.equal(ev.iss, null);
    assert.equal(ev.clientIp, null);
    assert.deepEqual(ev.groups, ["/atlas/Role=production"]);
    assert.equal(ev.details?.["vorg"], "atlas");
    assert.equal(ev.details?.["role"], "production");
    assert.equal(ev.details?.["clientHost"], "ui03.example.org");
    assert.equal(ev.details?.["info"], "/DC=org/DC=example/OU=Users/CN=Alice Tester");
  });

  it("sss/krb5: groups split on ':'; IP from td when sec.host is a name", () => {
    const ev = one(
      record({
        "sec.prot": "krb5",
        "sec.vorg": "",
        "sec.grps": "daemon:eosdev",
        "sec.host": "lb1",
      }),
    );
    assert.equal(ev.iss, null);
    assert.deepEqual(ev.groups, ["daemon", "eosdev"]);
    assert.equal(ev.clientIp, "192.0.2.44");
    assert.equal(ev.details?.["clientHost"], "lb1");
  });

  it("IPv6 client host, bracketed or not; no sec.host falls back to td's host", () => {
    assert.equal(one(record({ "sec.host": "[2001:db8::9]" })).clientIp, "2001:db8::9");
    const viaTd = one(record({ "sec.host": null, td: "bob.1:2@2001:db8::a" }));
    assert.equal(viaTd.clientIp, "2001:db8::a");
    const named = one(record({ "sec.host": null, td: "bob.1:2@wn9.example.org" }));
    assert.equal(named.clientIp, null);
    assert.equal(named.details?.["clientHost"], "wn9.example.org");
  });

  it("after a syslog-like prefix", () => {
    const ev = one(`Oct  3 10:11:12 mgm01 eos-report[212]: ${record()}`);
    assert.equal(ev.corr, `log:${LOG}`);
    assert.equal(ev.timeMs, CLOSE);
    assert.equal(one(`prefix&${record()}`).corr, `log:${LOG}`);
  });

  it("close time falls back to the open time; a missing ctms is 0", () => {
    assert.equal(one(record({ cts: null, ctms: null })).timeMs, 1727950200125);
    assert.equal(one(record({ cts: "0", ctms: "0" })).timeMs, 1727950200125);
    assert.equal(one(record({ ctms: null })).timeMs, 1727950272000);
  });

  it("an encoded path is decoded; a literal '&' not starting a key stays in the path", () => {
    assert.equal(
      one(record({ path: "/eos/a/my%20file%26more.root" })).object,
      "/eos/a/my file&more.root",
    );
    assert.equal(one(record({ path: "/eos/a/b&c d" })).object, "/eos/a/b&c d");
    assert.equal(one(record({ path: "/eos/a/100%" })).object, "/eos/a/100%");
  });

  it("TPC keys are kept; a JWT-looking sec.info is dropped", () => {
    const ev = one(record({ "tpc.src": "se2.example.org", "sec.info": "eyJhbGciOi.x.y" }));
    assert.equal(ev.details?.["tpcSrc"], "se2.example.org");
    assert.equal(ev.details?.["info"], undefined);
  });

  it("deletion records (FST deletion, MGM rm/recycle) are ignored", () => {
    const fst = `log=${LOG}&host=fst01.example.org&fid=1056316&fsid=1&dc_ts=1727950200&dc_tns=1&dm_ts=1727950200&dm_tns=2&dsize=2202&sec.app=deletion`;
    assert.equal(parse(fst).kind, "ignored");
    const mgm = `log=${LOG}&host=mgm.example.org:1094&fid=1&ruid=0&rgid=0dc_ts=1727950200&dc_tns=3&dsize=2&sec.app=rm`;
    assert.equal(parse(mgm).kind, "ignored");
  });
});

describe("eos-report: bad input", () => {
  it("records lacking log, path or a time are missing_field", () => {
    assert.equal(reason(record({ log: null })), "missing_field");
    assert.equal(reason(record({ log: "" })), "missing_field");
    assert.equal(reason(record({ path: null })), "missing_field");
    assert.equal(reason(record({ cts: null, ctms: null, ots: null, otms: null })), "missing_field");
  });

  it("non-numeric or impossible times are bad_timestamp", () => {
    assert.equal(reason(record({ cts: "17279x0272" })), "bad_timestamp");
    assert.equal(reason(record({ ctms: "1000" })), "bad_timestamp");
    assert.equal(reason(record({ cts: "999999999999999" })), "bad_timestamp");
  });

  it("lines that are not records are unknown_line; catalog= is not log=", () => {
    assert.equal(reason("Oct  3 10:11:12 mgm01 systemd[1]: Started EOS."), "unknown_line");
    assert.equal(reason("catalog=1&x=2"), "unknown_line");
  });

  it("empty, blank, overlong, binary, truncated and mutated lines never throw", () => {
    assert.equal(parse("").kind, "ignored");
    assert.equal(parse("\t").kind, "ignored");
    assert.equal(reason(record({ path: "/eos/" + "x".repeat(70_000) })), "line_too_long");
    assert.ok(parse("log=\u0000&path=\uFFFD&cts=\u0000"));
    const good = record({ path: "/eos/%E0%A4%A/x" });
    assert.equal(one(good).object, "/eos/%E0%A4%A/x");
    for (let i = 0; i <= good.length; i++) assert.ok(parse(good.slice(0, i)));
    let seed = 3;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) % 1000) / 1000;
    const junk = ["&", "=", " ", "\u0000", "\uFFFD", "%", "@", ":", "9"];
    for (let n = 0; n < 3000; n++) {
      const at = Math.floor(rnd() * good.length);
      const ch = junk[Math.floor(rnd() * junk.length)]!;
      const r = parse(good.slice(0, at) + ch + good.slice(at + (rnd() < 0.5 ? 1 : 0)));
      assert.ok(r.kind === "events" || r.kind === "bad" || r.kind === "ignored");
    }
  });
});

describe("eos-report: module", () => {
  it("sniffs report records only", () => {
    assert.equal(eosReportFormat.sniff(record()), true);
    assert.equal(eosReportFormat.sniff(`x ${record({ cts: null })}`), true);
    assert.equal(eosReportFormat.sniff("&Uc=1&s=a&n=b&o=c&r=&g="), false);
    assert.equal(eosReportFormat.sniff("level=INFO ts=2024-10-03T10:11:12Z event=x"), false);
  });

  it("is stateless", () => {
    const p = eosReportFormat.create(null);
    assert.equal(p.format, "eos-report");
    assert.equal(p.saveState(), null);
  });
});
