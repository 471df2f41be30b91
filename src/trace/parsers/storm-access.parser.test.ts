import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ParsedEvent } from "../events/trace-event.js";
import { eosReportFormat } from "./eos-report.parser.js";
import type { LineResult } from "./parser.js";
import { splitRemoteUser, stormAccessFormat } from "./storm-access.parser.js";

const SUB = "5b3c9a1e-7f2d-4e8a-9c1b-0a2d3e4f5a6b";
const ISS = "https://iam.example.org/";
const TIME = "2024-10-03T10:11:12.345Z";
const AT = Date.UTC(2024, 9, 3, 10, 11, 12, 345);

function line(over: Partial<Record<"ip" | "user" | "time" | "id" | "req" | "tail", string>> = {}) {
  const o = {
    ip: "192.0.2.10",
    user: `${SUB}@${ISS}`,
    time: TIME,
    id: "c0ffee42-0001",
    req: "GET /atlas/data/run42/file.root HTTP/1.1",
    tail: "200 1048576 37",
    ...over,
  };
  return `${o.ip} 8443 "${o.user}" ${o.time} "${o.id}" "${o.req}" ${o.tail}`;
}

function parse(text: string): LineResult {
  return stormAccessFormat.create().parseLine(text, 1);
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

describe("storm-access: documented variants", () => {
  it("a JWT request: sub@iss, path, client IP, request id, numbers", () => {
    const ev = one(line());
    assert.equal(ev.component, "storm");
    assert.equal(ev.action, "storage.get");
    assert.equal(ev.timeMs, AT);
    assert.equal(ev.tzOffsetMin, 0);
    assert.equal(ev.sub, SUB);
    assert.equal(ev.iss, ISS);
    assert.equal(ev.jti, null);
    assert.equal(ev.objectKind, "path");
    assert.equal(ev.object, "/atlas/data/run42/file.root");
    assert.equal(ev.clientIp, "192.0.2.10");
    assert.equal(ev.corr, "request:c0ffee42-0001");
    assert.equal(ev.outcome, "success");
    assert.deepEqual(ev.details, {
      status: 200,
      bytes: 1048576,
      durationMs: 37,
      protocol: "HTTP/1.1",
      localPort: 8443,
      authn: "jwt",
    });
  });

  it("a sub that itself contains '@' splits at the '@' that starts the issuer URL", () => {
    const ev = one(line({ user: "carol@example.net@http://issuer.example.org:8080/realm" }));
    assert.equal(ev.sub, "carol@example.net");
    assert.equal(ev.iss, "http://issuer.example.org:8080/realm");
  });

  it("anonymous (and logback's '-') carry no identity", () => {
    for (const user of ["anonymous", "-", ""]) {
      const ev = one(line({ user }));
      assert.equal(ev.sub, null);
      assert.equal(ev.iss, null);
      assert.equal(ev.details?.["authn"], "anonymous");
    }
  });

  it("an X.509 DN goes to details.dn, not sub", () => {
    const dn = "/DC=org/DC=example/OU=Users/CN=Bob Tester/CN=123456";
    const ev = one(line({ user: dn }));
    assert.equal(ev.sub, null);
    assert.equal(ev.details?.["dn"], dn);
    assert.equal(ev.details?.["authn"], "x509");
    const rfc = one(line({ user: "CN=Bob Tester,OU=Users,O=Example" }));
    assert.equal(rfc.details?.["dn"], "CN=Bob Tester,OU=Users,O=Example");
  });

  it("any other principal is kept raw and not guessed into sub", () => {
    assert.deepEqual(splitRemoteUser("svc-robot"), {
      authn: "other",
      sub: null,
      iss: null,
      dn: null,
      other: "svc-robot",
    });
    assert.equal(one(line({ user: "svc-robot" })).details?.["remoteUser"], "svc-robot");
  });

  it("IPv6 clients (bare or bracketed); a host name goes to details.clientHost", () => {
    assert.equal(one(line({ ip: "2001:db8::7" })).clientIp, "2001:db8::7");
    assert.equal(one(line({ ip: "[2001:db8:0:0:0:0:0:7]" })).clientIp, "2001:db8:0:0:0:0:0:7");
    const named = one(line({ ip: "ui01.example.org" }));
    assert.equal(named.clientIp, null);
    assert.equal(named.details?.["clientHost"], "ui01.example.org");
  });

  it("methods become storage.<lower-case>; the query is stripped and the path decoded", () => {
    assert.equal(one(line({ req: "PUT /a/b HTTP/1.1" })).action, "storage.put");
    assert.equal(one(line({ req: "PROPFIND /a/ HTTP/1.1" })).action, "storage.propfind");
    const ev = one(line({ req: "COPY /a/my%20file.root?authz=xyz#frag HTTP/2.0" }));
    assert.equal(ev.action, "storage.copy");
    assert.equal(ev.object, "/a/my file.root");
    assert.equal(ev.details?.["protocol"], "HTTP/2.0");
    assert.equal(
      one(line({ req: "GET https://se.example.org:8443/x/y?q=1 HTTP/1.1" })).object,
      "/x/y",
    );
  });

  it("a path holding spaces or quotes does not shift the numeric fields", () => {
    const ev = one(line({ req: 'GET /odd "dir"/with space HTTP/1.1' }));
    assert.equal(ev.object, '/odd "dir"/with space');
    assert.equal(ev.details?.["status"], 200);
  });

  it("a request line without protocol still parses", () => {
    const ev = one(line({ req: "DELETE /x/y" }));
    assert.equal(ev.object, "/x/y");
    assert.equal(ev.details?.["protocol"], null);
  });

  it("outcome by status: 2xx/3xx success, 4xx/5xx failure; '-' counts are null", () => {
    assert.equal(one(line({ tail: "302 - 3" })).outcome, "success");
    const denied = one(line({ tail: "403 - -" }));
    assert.equal(denied.outcome, "failure");
    assert.equal(denied.details?.["bytes"], null);
    assert.equal(denied.details?.["durationMs"], null);
    assert.equal(one(line({ tail: "500 0 12" })).outcome, "failure");
  });

  it("an explicit offset is kept; '-' request id gives no corr", () => {
    const ev = one(line({ time: "2024-10-03T12:11:12.345+02:00", id: "-" }));
    assert.equal(ev.timeMs, AT);
    assert.equal(ev.tzOffsetMin, 120);
    assert.equal(ev.corr, null);
  });
});

describe("storm-access: bad input", () => {
  it("wrong field count or quoting is unknown_line", () => {
    assert.equal(reason("192.0.2.10 8443"), "unknown_line");
    assert.equal(reason(line().replace(`"${SUB}@${ISS}"`, "alice")), "unknown_line");
    assert.equal(reason(line({ tail: "200 12" })), "unknown_line");
    assert.equal(reason(line().replace('" "GET', '" GET')), "unknown_line");
    assert.equal(reason(line({ req: "/no-method" })), "unknown_line");
    assert.equal(reason("just some words here"), "unknown_line");
  });

  it("impossible or malformed times are bad_timestamp", () => {
    assert.equal(reason(line({ time: "2024-02-30T10:11:12.000Z" })), "bad_timestamp");
    assert.equal(reason(line({ time: "2024-10-03T24:00:00Z" })), "bad_timestamp");
    assert.equal(reason(line({ time: "yesterday" })), "bad_timestamp");
    assert.equal(reason(line({ time: "2024-10-03T10:11:12Zjunk" })), "bad_timestamp");
  });

  it("non-numeric status, bytes or duration is bad_field", () => {
    assert.equal(reason(line({ tail: "OK 12 3" })), "bad_field");
    assert.equal(reason(line({ tail: "200 12x 3" })), "bad_field");
    assert.equal(reason(line({ tail: "200 12 -5" })), "bad_field");
  });

  it("empty and blank lines are ignored; overlong lines are refused", () => {
    assert.equal(parse("").kind, "ignored");
    assert.equal(parse("   \t ").kind, "ignored");
    assert.equal(reason(line({ req: `GET /${"a".repeat(70_000)} HTTP/1.1` })), "line_too_long");
  });

  it("binary, truncated and mutated lines never throw", () => {
    const good = line({ req: "GET /a%zz/b HTTP/1.1" });
    assert.equal(one(good).object, "/a%zz/b");
    for (let i = 0; i <= good.length; i++) assert.ok(parse(good.slice(0, i)));
    assert.ok(parse('\u0000\u0000\uFFFD\uFFFD" " "'));
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) % 1000) / 1000;
    const junk = ['"', " ", "\u0000", "\uFFFD", "%", "@", "-", "9"];
    for (let n = 0; n < 2000; n++) {
      const at = Math.floor(rnd() * good.length);
      const ch = junk[Math.floor(rnd() * junk.length)]!;
      const mutated = good.slice(0, at) + ch + good.slice(at + (rnd() < 0.5 ? 1 : 0));
      const r = parse(mutated);
      assert.ok(r.kind === "events" || r.kind === "bad" || r.kind === "ignored");
    }
  });
});

describe("storm-access: module", () => {
  it("sniffs its own lines only", () => {
    assert.equal(stormAccessFormat.sniff(line()), true);
    assert.equal(stormAccessFormat.sniff("level=INFO ts=2024-10-03T10:11:12Z event=x"), false);
    assert.equal(stormAccessFormat.sniff("log=1&path=/a&cts=1727950272"), false);
    assert.equal(eosReportFormat.sniff(line()), false);
  });

  it("is stateless: saveState() is null and a state passed in is ignored", () => {
    const p = stormAccessFormat.create({ junk: true });
    assert.equal(p.format, "storm-access");
    assert.equal(p.saveState(), null);
    assert.equal(p.parseLine(line(), 1).kind, "events");
  });
});
