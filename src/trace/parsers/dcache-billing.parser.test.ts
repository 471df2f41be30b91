import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ParsedEvent } from "../events/trace-event.js";
import { dcacheBillingFormat } from "./dcache-billing.parser.js";
import type { LineParser, LineResult } from "./parser.js";

const SESSION = "door:webdav-grid@doorsDomain:AAYh3kQzPjA";
const PNFS = "0000A1B2C3D4E5F60718293A4B5C6D7E8F90";

const UPLOAD =
  `07.31 23:59:58 [pool:pool-a1:transfer] [${PNFS},1048576] [/data/vo/run7/f 1.root] vo:disk@osm ` +
  "1048576 412 true {Http-1.1:0:0:0:0:0:0:0:1:0:webdav-grid:doorsDomain:/data/vo/run7/f 1.root} " +
  `[${SESSION}:1722470398000000] {0:""}`;

const DOOR =
  '07.31 23:59:59 [door:webdav-grid@doorsDomain:request] ["/DC=org/DC=example/CN=Robot":31001:31000:192.0.2.44,198.51.100.9] ' +
  `[${PNFS},1048576] [/data/vo/run7/f.root] vo:disk@osm 655 3 {0:""}`;

function make(state?: unknown): LineParser {
  return dcacheBillingFormat.create(state);
}

function one(p: LineParser, line: string): ParsedEvent {
  const r = p.parseLine(line, 1);
  assert.equal(r.kind, "events", JSON.stringify(r));
  if (r.kind !== "events" || r.events[0] === undefined) throw new Error("unreachable");
  assert.equal(r.events.length, 1);
  return r.events[0];
}

function reason(r: LineResult): string {
  return r.kind === "bad" ? r.reason : r.kind;
}

describe("dcache-billing: mover records", () => {
  it("reads an upload with the year from the state and Java's IPv6 client", () => {
    const e = one(make({ year: 2024 }), UPLOAD);
    assert.equal(e.action, "storage.transfer");
    assert.equal(e.timeMs, Date.UTC(2024, 6, 31, 23, 59, 58));
    assert.equal(e.tzOffsetMin, null);
    assert.equal(e.outcome, "success");
    assert.equal(e.objectKind, "path");
    assert.equal(e.object, "/data/vo/run7/f 1.root");
    assert.equal(e.clientIp, "0:0:0:0:0:0:0:1");
    assert.equal(e.corr, `session:${SESSION}`);
    assert.equal(e.jti, null);
    assert.deepEqual(e.details, {
      status: 0,
      pnfsid: PNFS,
      fileSize: 1048576,
      storageClass: "vo:disk@osm",
      pool: "pool-a1",
      bytes: 1048576,
      direction: "upload",
      connectionTime: 412,
      protocol: "Http-1.1",
      initiator: `${SESSION}:1722470398000000`,
    });
  });

  it("reads a failed xrootd download with an IPv4 client and a message holding braces", () => {
    const line =
      `07.31 10:00:01 [pool:pool-b2@poolsDomain:transfer] [${PNFS},2048] [/data/vo/x] <Unknown> ` +
      "512 90 false {Xrootd-5.0:203.0.113.8:40001} [door:xrootd-1@xrootdDomain:AAYh4:1722420001000000] " +
      '{10011:"Transfer aborted {timeout} after 90 s"}';
    const e = one(make({ year: 2024 }), line);
    assert.equal(e.outcome, "failure");
    assert.equal(e.clientIp, "203.0.113.8");
    assert.equal(e.corr, "session:door:xrootd-1@xrootdDomain:AAYh4");
    assert.equal(e.details?.status, 10011);
    assert.equal(e.details?.message, "Transfer aborted {timeout} after 90 s");
    assert.equal(e.details?.direction, "download");
    assert.equal(e.details?.pool, "pool-b2@poolsDomain");
    assert.equal(e.details?.storageClass, undefined);
  });

  it("reads full dates (yyyy.MM.dd HH:mm:ss:SSS) without any state", () => {
    const e = one(make(), "2025.01.02 03:04:05:678" + UPLOAD.slice(14));
    assert.equal(e.timeMs, Date.UTC(2025, 0, 2, 3, 4, 5, 678));
  });

  it("accepts a bracketed IPv6 client and a record without an initiator", () => {
    const line = `07.31 10:00:01 [pool:p1:transfer] [${PNFS},1] [/a] <Unknown> 1 1 false {Xrootd-5.0:[2001:db8::9]:1094} {0:""}`;
    const e = one(make({ year: 2024 }), line);
    assert.equal(e.clientIp, "2001:db8::9");
    assert.equal(e.corr, null);
  });

  it("ignores pool-to-pool copies, other record kinds and header lines", () => {
    const p = make({ year: 2024 });
    const p2p = UPLOAD.replace(
      `[${SESSION}:1722470398000000]`,
      "[pool:pool-z@poolsDomain:1722470398000000]",
    );
    assert.equal(reason(p.parseLine(p2p, 1)), "ignored");
    const flagged = UPLOAD.replace(' {0:""}', ' [p2p=true] {0:""}');
    assert.equal(reason(p.parseLine(flagged, 1)), "ignored");
    assert.equal(one(p, UPLOAD.replace(' {0:""}', ' [p2p=false] {0:""}')).details?.status, 0);
    const remove = `07.31 23:59:59 [door:webdav-grid@doorsDomain:remove] ["u":1:1:unknown] [${PNFS},1] [/a] <Unknown> 0 0 {0:""}`;
    assert.equal(reason(p.parseLine(remove, 2)), "ignored");
    const hit = `07.31 23:59:59 [pool:pool-a1@poolsDomain:remove] [${PNFS},1] [Unknown] <Unknown> {0:"cleaner"}`;
    assert.equal(reason(p.parseLine(hit, 3)), "ignored");
    assert.equal(
      reason(p.parseLine("## mover-info-message $date$ [$cellType$:$cellName$:$type$]", 4)),
      "ignored",
    );
  });
});

describe("dcache-billing: door records", () => {
  it("reads a door request record", () => {
    const e = one(make({ year: 2024 }), DOOR);
    assert.equal(e.action, "storage.request");
    assert.equal(e.object, "/data/vo/run7/f.root");
    assert.equal(e.mappedUser, "31001:31000");
    assert.equal(e.clientIp, "192.0.2.44");
    assert.equal(e.corr, null);
    assert.deepEqual(e.details, {
      status: 0,
      pnfsid: PNFS,
      fileSize: 1048576,
      storageClass: "vo:disk@osm",
      door: "webdav-grid@doorsDomain",
      duration: 655,
      owner: "/DC=org/DC=example/CN=Robot",
    });
  });
});

describe("dcache-billing: the year", () => {
  it("refuses short dates without a year", () => {
    const r = make().parseLine(UPLOAD, 1);
    assert.equal(reason(r), "missing_year");
    assert.equal(reason(make({ year: "2024" }).parseLine(UPLOAD, 1)), "missing_year");
    assert.equal(reason(make({ year: 1812 }).parseLine(UPLOAD, 1)), "missing_year");
  });

  it("learns the year from a full date and rolls over at New Year", () => {
    const p = make();
    one(p, "2024.12.31 23:59:59" + UPLOAD.slice(14));
    const next = one(p, "01.01 00:00:01" + UPLOAD.slice(14));
    assert.equal(next.timeMs, Date.UTC(2025, 0, 1, 0, 0, 1));
    assert.deepEqual(p.saveState(), { year: 2025, month: 1 });
  });

  it("resumes from a saved state", () => {
    const p = make({ year: 2023, month: 12 });
    const e = one(make(p.saveState()), "01.15 08:00:00" + UPLOAD.slice(14));
    assert.equal(e.timeMs, Date.UTC(2024, 0, 15, 8, 0, 0));
  });

  it("rejects Feb 29 in a non-leap year", () => {
    assert.equal(
      reason(make({ year: 2023 }).parseLine("02.29 08:00:00" + UPLOAD.slice(14), 1)),
      "bad_timestamp",
    );
    one(make({ year: 2024 }), "02.29 08:00:00" + UPLOAD.slice(14));
  });
});

describe("dcache-billing: bad input", () => {
  it("reports impossible dates, unknown lines and truncated records", () => {
    const p = make({ year: 2024 });
    assert.equal(reason(p.parseLine("13.45 10:00:00" + UPLOAD.slice(14), 1)), "bad_timestamp");
    assert.equal(reason(p.parseLine("07.31 25:00:00" + UPLOAD.slice(14), 1)), "bad_timestamp");
    assert.equal(reason(p.parseLine("hello billing", 1)), "unknown_line");
    assert.equal(
      reason(p.parseLine("07.31 10:00:00 [pool:p1:transfer] [0000", 1)),
      "missing_field",
    );
    assert.equal(reason(p.parseLine("07.31 10:00:00 nothing", 1)), "missing_field");
  });

  it("classifies empty, overlong, binary and U+FFFD lines without throwing", () => {
    const p = make({ year: 2024 });
    assert.equal(reason(p.parseLine("", 1)), "ignored");
    assert.equal(reason(p.parseLine(UPLOAD + "x".repeat(70_000), 1)), "line_too_long");
    assert.equal(reason(p.parseLine("\u0000\u0000\u0000", 1)), "binary_data");
    const e = one(p, UPLOAD.replace("f 1.root]", "f\uFFFD.root]"));
    assert.equal(e.object, "/data/vo/run7/f\uFFFD.root");
    for (let cut = 1; cut < DOOR.length; cut += 5) p.parseLine(DOOR.slice(0, cut), 1);
    for (let cut = 1; cut < UPLOAD.length; cut += 5) p.parseLine(UPLOAD.slice(0, cut), 1);
  });

  it("sniffs billing lines only", () => {
    assert.equal(dcacheBillingFormat.sniff(UPLOAD), true);
    assert.equal(dcacheBillingFormat.sniff(DOOR), true);
    assert.equal(
      dcacheBillingFormat.sniff("## mover-info-message $date$ [$cellType$:$cellName$:$type$]"),
      true,
    );
    assert.equal(
      dcacheBillingFormat.sniff(
        "level=INFO ts=2024-01-01T00:00:00Z event=org.dcache.webdav.request",
      ),
      false,
    );
    assert.equal(dcacheBillingFormat.sniff("07/31/24 10:00:00 (cid:1) Command=X"), false);
  });
});
