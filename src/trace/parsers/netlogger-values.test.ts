import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { arcJobsFormat } from "./arc-jobs.parser.js";
import { condorAuditFormat } from "./condor-audit.parser.js";
import { dcacheAccessFormat } from "./dcache-access.parser.js";
import { dcacheBillingFormat } from "./dcache-billing.parser.js";
import { NetLoggerFields, NetLoggerKeys, splitNetLogger } from "./netlogger.js";
import { addressOf, civilToMs, parseIsoTime, sessionFromTransaction } from "./netlogger-values.js";
import type { FormatModule } from "./parser.js";

describe("netlogger values", () => {
  it("rejects impossible calendar dates instead of rolling over", () => {
    assert.equal(civilToMs(2024, 2, 29, 0, 0, 0, 0), Date.UTC(2024, 1, 29));
    assert.ok(Number.isNaN(civilToMs(2023, 2, 29, 0, 0, 0, 0)));
    assert.ok(Number.isNaN(civilToMs(1900, 2, 29, 0, 0, 0, 0)));
    assert.ok(Number.isNaN(civilToMs(2024, 4, 31, 0, 0, 0, 0)));
    assert.ok(Number.isNaN(civilToMs(2024, 1, 1, 23, 59, 60, 0)));
  });

  it("parses ISO times with and without offsets", () => {
    assert.deepEqual(parseIsoTime("2024-09-03T10:11:12.345+0200", 0), {
      ms: Date.UTC(2024, 8, 3, 8, 11, 12, 345),
      tzOffsetMin: 120,
      end: 28,
    });
    assert.equal(parseIsoTime("2024-09-03 10:11:12", 0)?.tzOffsetMin, null);
    assert.equal(parseIsoTime("2024-09-03T10:11:12+25:00", 0), null);
    assert.equal(parseIsoTime("2024-9-03T10:11:12Z", 0), null);
  });

  it("takes the address out of every peer notation", () => {
    assert.equal(addressOf("192.0.2.1:80"), "192.0.2.1");
    assert.equal(addressOf("[2001:db8::1]:80"), "2001:db8::1");
    assert.equal(addressOf("host.example.org/192.0.2.1:80"), "192.0.2.1");
    assert.equal(addressOf("<192.0.2.1:9618?addrs=192.0.2.1-9618&noUDP>"), "192.0.2.1");
    assert.equal(addressOf("0:0:0:0:0:0:0:1:4040"), "0:0:0:0:0:0:0:1");
    assert.equal(addressOf("2001:db8::1"), "2001:db8::1");
    assert.equal(addressOf("(null)"), null);
  });

  it("reduces a dCache transaction to its session", () => {
    assert.equal(sessionFromTransaction("door:w@d:AAZx:1564991268926000"), "door:w@d:AAZx");
    assert.equal(sessionFromTransaction("door:w@d:AAZx"), "door:w@d:AAZx");
    assert.equal(sessionFromTransaction("12345"), "12345");
  });

  it("splits NetLogger lines in one pass, keeping wanted keys and extras", () => {
    const out = new NetLoggerFields(new NetLoggerKeys(["a", "b", "c", "d"], ["x."]));
    assert.equal(splitNetLogger('a=1 b="x y" c= d="q\\"r" x.k="v w" skip="s\\"t" a2=3', out), null);
    assert.deepEqual(out.values, ["1", "x y", "", 'q"r']);
    assert.deepEqual(out.extra, ["x.k", "v w"]);
    assert.equal(splitNetLogger("b=2", out), null);
    assert.deepEqual(out.values, [undefined, "2", undefined, undefined]);
    assert.deepEqual(out.extra, []);
    assert.equal(splitNetLogger("", out), "unknown_line");
    assert.equal(splitNetLogger('k"ey=1', out), "unknown_line");
    assert.equal(splitNetLogger('a="x', out), "bad_quoting");
    assert.equal(splitNetLogger('a="x\\"', out), "bad_quoting");
  });
});

/** A tiny seeded generator so the fuzz run is the same every time. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const NOISE = [
  '"',
  "\\",
  "[",
  "]",
  "{",
  "}",
  "(",
  ")",
  "=",
  ",",
  ":",
  " ",
  "\u0000",
  "\uFFFD",
  "\uD800",
  "@",
  "/",
  "9",
];

const SAMPLES: [FormatModule, unknown, string][] = [
  [
    dcacheAccessFormat,
    undefined,
    'level=INFO ts=2024-09-03T10:11:12.345+0200 event=org.dcache.webdav.request session=door:w@d:AA request.method=GET request.url=https://h:1/p?q socket.remote=[::1]:5 user-agent="a \\"b\\"" user.sub=s@op user.jti=j@op response.code=200',
  ],
  [
    dcacheBillingFormat,
    { year: 2024 },
    '07.31 23:59:58 [pool:p1:transfer] [0000AB,10] [/a b] x:y@osm 10 4 true {Http-1.1:0:0:0:0:0:0:0:1:0:w:d:/a} [door:w@d:AA:17] {0:""}',
  ],
  [
    condorAuditFormat,
    undefined,
    '09/03/24 10:11:12 (cid:1) Examining SciToken with payload {"iss":"https://i/","sub":"s","jti":"j","wlcg.groups":["/g"]}.',
  ],
  [
    arcJobsFormat,
    undefined,
    '2024-09-03 10:11:12 Finished - job id: abc, unix user: 1:2, name: "n \\"x\\"", owner: "https://i/s", lrms: slurm, queue: q, lrmsid: 5, failure: "f"',
  ],
];

describe("all middleware parsers: mangled input", () => {
  for (const [format, state, sample] of SAMPLES) {
    it(`${format.format} never throws on 5000 mutated lines`, () => {
      const rnd = prng(7);
      const p = format.create(state);
      for (let n = 0; n < 5000; n++) {
        const chars = [...sample];
        const edits = 1 + Math.floor(rnd() * 6);
        for (let k = 0; k < edits; k++) {
          const at = Math.floor(rnd() * chars.length);
          const pick = rnd();
          if (pick < 0.4) chars.splice(at, 1);
          else if (pick < 0.8) chars.splice(at, 0, NOISE[Math.floor(rnd() * NOISE.length)] ?? "");
          else chars.length = at;
        }
        const line = chars.join("");
        const r = p.parseLine(line, n + 1);
        assert.ok(r.kind === "events" || r.kind === "ignored" || r.kind === "bad");
        if (r.kind === "bad") assert.notEqual(r.reason, "parse_error", `${line}: ${r.message}`);
        if (r.kind === "events") for (const e of r.events) assert.ok(Number.isFinite(e.timeMs));
      }
      assert.doesNotThrow(() => JSON.stringify(p.saveState()));
    });
  }
});
