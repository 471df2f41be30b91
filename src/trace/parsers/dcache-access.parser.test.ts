import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertCutsHandled } from "../../test-support/cut-lines.js";
import type { ParsedEvent } from "../events/trace-event.js";
import { dcacheAccessFormat } from "./dcache-access.parser.js";
import type { LineResult } from "./parser.js";

const TS = "2024-09-03T10:11:12.345+0200";
const T_MS = Date.UTC(2024, 8, 3, 8, 11, 12, 345);
const SESSION = "door:webdav-grid@doorsDomain:AAYh3kQzPjA";

function parse(line: string): LineResult {
  return dcacheAccessFormat.create().parseLine(line, 1);
}

function one(line: string): ParsedEvent {
  const r = parse(line);
  assert.equal(r.kind, "events", JSON.stringify(r));
  if (r.kind !== "events") throw new Error("unreachable");
  assert.equal(r.events.length, 1);
  const e = r.events[0];
  if (e === undefined) throw new Error("unreachable");
  return e;
}

function reason(line: string): string {
  const r = parse(line);
  return r.kind === "bad" ? r.reason : r.kind;
}

const WEBDAV =
  `level=INFO ts=${TS} event=org.dcache.webdav.request session=${SESSION} ` +
  "request.method=GET request.url=https://dcache.example.org:2880/pnfs/example.org/data/vo/file%201.root?dcache-http-ref=x " +
  'socket.remote=192.0.2.17:51234 user-agent="gfal2-util/1.8 neon/0.0.29" ' +
  'user.dn="/DC=org/DC=example/CN=Robot: Alpha" user.sub=4c1b2a9e-7d0f-4e62-9d8b-1c2d3e4f5a6b@wlcg ' +
  "user.jti=0d6f5a1e-2b3c-4d5e-8f90-a1b2c3d4e5f6@wlcg user.mapped=31001:31000,31005 duration=87 " +
  `response.reason=OK response.code=200 transaction=${SESSION}:1725351072345000 tpc.source=https://src.example.net/f`;

describe("dcache-access: webdav requests", () => {
  it("reads a full GET line", () => {
    const e = one(WEBDAV);
    assert.equal(e.component, "dcache");
    assert.equal(e.action, "storage.get");
    assert.equal(e.timeMs, T_MS);
    assert.equal(e.tzOffsetMin, 120);
    assert.equal(e.outcome, "success");
    assert.equal(e.objectKind, "path");
    assert.equal(e.object, "/pnfs/example.org/data/vo/file 1.root");
    assert.equal(e.clientIp, "192.0.2.17");
    assert.equal(e.sub, "4c1b2a9e-7d0f-4e62-9d8b-1c2d3e4f5a6b");
    assert.equal(e.jti, "0d6f5a1e-2b3c-4d5e-8f90-a1b2c3d4e5f6");
    assert.equal(e.iss, null);
    assert.equal(e.mappedUser, "31001:31000,31005");
    assert.equal(e.corr, `session:${SESSION}`);
    assert.deepEqual(e.details, {
      op: "wlcg",
      dn: "/DC=org/DC=example/CN=Robot: Alpha",
      method: "GET",
      status: 200,
      reason: "OK",
      duration: 87,
      transaction: `${SESSION}:1725351072345000`,
      userAgent: "gfal2-util/1.8 neon/0.0.29",
      "tpc.source": "https://src.example.net/f",
    });
  });

  it("takes keys in any order and leaves absent ones null", () => {
    const e = one(
      `response.code=201 request.url=/data/x event=org.dcache.webdav.request request.method=PUT ts=${TS}`,
    );
    assert.equal(e.action, "storage.put");
    assert.equal(e.object, "/data/x");
    assert.equal(e.sub, null);
    assert.equal(e.jti, null);
    assert.equal(e.clientIp, null);
    assert.equal(e.corr, null);
    assert.deepEqual(e.details, { method: "PUT", status: 201 });
  });

  for (const method of ["COPY", "DELETE", "PROPFIND", "MKCOL", "HEAD"]) {
    it(`maps ${method} to storage.${method.toLowerCase()}`, () => {
      const e = one(
        `level=INFO ts=${TS} event=org.dcache.webdav.request request.method=${method} response.code=204`,
      );
      assert.equal(e.action, `storage.${method.toLowerCase()}`);
    });
  }

  it("uses storage.request when the method is missing or odd", () => {
    assert.equal(one(`ts=${TS} event=org.dcache.webdav.request`).action, "storage.request");
    assert.equal(
      one(`ts=${TS} event=org.dcache.webdav.request request.method=G%T`).action,
      "storage.request",
    );
  });

  it("reads an IPv6 socket.remote in brackets", () => {
    const e = one(
      `ts=${TS} event=org.dcache.webdav.request request.method=GET socket.remote=[2001:db8:0:12::7]:40112`,
    );
    assert.equal(e.clientIp, "2001:db8:0:12::7");
  });

  it("splits user.sub at the last @ and keeps all comma-joined subjects", () => {
    const e = one(
      `ts=${TS} event=org.dcache.webdav.request request.method=GET ` +
        "user.sub=carol@example.org@egi-checkin,8f1e@wlcg user.jti=j-1@egi-checkin,j-2@wlcg",
    );
    assert.equal(e.sub, "carol@example.org");
    assert.equal(e.jti, "j-1");
    assert.deepEqual(e.details, {
      method: "GET",
      op: "egi-checkin",
      subjects: "carol@example.org@egi-checkin,8f1e@wlcg",
      jtis: "j-1@egi-checkin,j-2@wlcg",
    });
  });

  it("decodes escaped quotes, backslashes and newlines in quoted values", () => {
    const e = one(
      `ts=${TS} event=org.dcache.webdav.request request.method=GET user-agent="a \\"b\\" c\\\\d\\ne" response.reason=""`,
    );
    assert.equal(e.details?.userAgent, 'a "b" c\\d\ne');
  });

  it("marks 4xx/5xx as failure and 3xx as success", () => {
    const base = `ts=${TS} event=org.dcache.webdav.request request.method=GET response.code=`;
    assert.equal(one(base + "404").outcome, "failure");
    assert.equal(one(base + "503").outcome, "failure");
    assert.equal(one(base + "302").outcome, "success");
    assert.equal(
      one(`ts=${TS} event=org.dcache.webdav.request request.method=GET`).outcome,
      "unknown",
    );
  });

  it("derives the session from transaction when there is no session key", () => {
    const e = one(
      `ts=${TS} event=org.dcache.webdav.request request.method=PUT transaction=${SESSION}:1725351072345000`,
    );
    assert.equal(e.corr, `session:${SESSION}`);
  });

  it("accepts Z and +HH:MM offsets", () => {
    const z = one("ts=2024-09-03T08:11:12Z event=org.dcache.webdav.request request.method=GET");
    assert.equal(z.timeMs, Date.UTC(2024, 8, 3, 8, 11, 12));
    assert.equal(z.tzOffsetMin, 0);
    const neg = one(
      "ts=2024-09-03T03:11:12.5-05:00 event=org.dcache.webdav.request request.method=GET",
    );
    assert.equal(neg.timeMs, Date.UTC(2024, 8, 3, 8, 11, 12, 500));
    assert.equal(neg.tzOffsetMin, -300);
  });
});

describe("dcache-access: other events", () => {
  it("maps the xrootd login to storage.login with the user keys", () => {
    const e = one(
      `level=INFO ts=${TS} event=org.dcache.xrootd.login session=door:xrootd-1@xrootdDomain:AAYh4 ` +
        "socket.remote=[::ffff:198.51.100.4]:33000 user.sub=abc@wlcg user.jti=j9@wlcg user.mapped=500:500",
    );
    assert.equal(e.action, "storage.login");
    assert.equal(e.sub, "abc");
    assert.equal(e.jti, "j9");
    assert.equal(e.mappedUser, "500:500");
    assert.equal(e.clientIp, "::ffff:198.51.100.4");
    assert.equal(e.corr, "session:door:xrootd-1@xrootdDomain:AAYh4");
  });

  it("maps other session events with a path or user to storage.<short name>", () => {
    const e = one(
      `level=INFO ts=${TS} event=org.dcache.xrootd.request session=door:xrootd-1@xrootdDomain:AAYh4 ` +
        "request=open path=/data/vo/f.root response.code=ok",
    );
    assert.equal(e.action, "storage.request");
    assert.equal(e.object, "/data/vo/f.root");
    assert.equal(e.outcome, "success");
    assert.equal(e.details?.event, "org.dcache.xrootd.request");
  });

  it("ignores other events without session, or without user and path", () => {
    assert.equal(
      reason(`ts=${TS} event=org.dcache.ftp.response session=door:ftp@d:AA1 reply=226`),
      "ignored",
    );
    assert.equal(
      reason(`ts=${TS} event=org.dcache.xrootd.request path=/x user.mapped=1:1`),
      "ignored",
    );
  });
});

describe("dcache-access: bad input", () => {
  it("reports missing, unparsable and impossible timestamps", () => {
    assert.equal(
      reason("level=INFO event=org.dcache.webdav.request request.method=GET"),
      "bad_timestamp",
    );
    assert.equal(reason("ts=yesterday event=org.dcache.webdav.request"), "bad_timestamp");
    assert.equal(
      reason("ts=2024-02-30T10:00:00Z event=org.dcache.webdav.request"),
      "bad_timestamp",
    );
    assert.equal(
      reason("ts=2024-09-03T24:00:00Z event=org.dcache.webdav.request"),
      "bad_timestamp",
    );
  });

  it("reports non key=value lines, bad quoting and a missing event", () => {
    assert.equal(reason("this is not netlogger"), "unknown_line");
    assert.equal(reason(`=x ts=${TS}`), "unknown_line");
    assert.equal(
      reason(`ts=${TS} event=org.dcache.webdav.request user-agent="never closed`),
      "bad_quoting",
    );
    assert.equal(reason(`ts=${TS} event=org.dcache.webdav.request user-agent="a"b`), "bad_quoting");
    assert.equal(
      reason(`ts=${TS} event=org.dcache.webdav.request user-agent="ends in \\`),
      "bad_quoting",
    );
    assert.equal(reason(`ts=${TS} request.method=GET`), "missing_field");
  });

  it("classifies empty, overlong, binary, U+FFFD and truncated lines without throwing", () => {
    assert.equal(reason(""), "ignored");
    assert.equal(reason("   "), "ignored");
    assert.equal(reason(`ts=${TS} event=x k=${"a".repeat(70_000)}`), "line_too_long");
    assert.equal(reason(`ts=${TS} event=org.dcache.webdav.request\u0000\u0000`), "binary_data");
    const fffd = one(
      `ts=${TS} event=org.dcache.webdav.request request.method=GET user-agent=\uFFFD\uFFFD`,
    );
    assert.equal(fffd.details?.userAgent, "\uFFFD\uFFFD");
    assertCutsHandled(WEBDAV, 7, parse);
  });

  it("sniffs access lines only", () => {
    assert.equal(dcacheAccessFormat.sniff(WEBDAV), true);
    assert.equal(
      dcacheAccessFormat.sniff(
        '08.05 07:47:49 [pool:pool1:transfer] [0000,1] [/a] x 1 2 true {Http-1.1:1.2.3.4:0} [door:a@b:c:1] {0:""}',
      ),
      false,
    );
    assert.equal(dcacheAccessFormat.sniff("level=INFO ts=x event=com.example.other"), false);
  });

  it("keeps no state", () => {
    const p = dcacheAccessFormat.create({ junk: true });
    p.parseLine(WEBDAV, 1);
    assert.equal(p.saveState(), null);
  });
});
