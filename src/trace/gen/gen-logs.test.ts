import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { gunzipSync } from "node:zlib";
import { PATTERNS, formatOf, lineTime } from "./formats.patterns.js";
import { parseGenLogsOptions } from "./gen-logs.schema.js";
import { generateLogs, type GenLogsResult } from "./gen-logs.service.js";

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function run(
  flags: Record<string, unknown>,
): Promise<{ dir: string; result: GenLogsResult }> {
  const dir = mkdtempSync(join(tmpdir(), "ttt-gen-"));
  dirs.push(dir);
  const result = await generateLogs(parseGenLogsOptions({ out: dir, ...flags }));
  return { dir, result };
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Every log file's lines by path relative to the output directory (gzip read transparently). */
function readLogs(dir: string): Map<string, string[]> {
  const logs = new Map<string, string[]>();
  for (const p of walk(dir)) {
    const rel = relative(dir, p);
    if (rel === "ground-truth.json") continue;
    const raw = readFileSync(p);
    const text = (rel.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8");
    assert.ok(text.endsWith("\n"), `${rel} ends with a newline`);
    logs.set(rel, text.slice(0, -1).split("\n"));
  }
  return logs;
}

const SMALL = { sites: 3, days: 2, users: 6, seed: 11, compromise: true };

describe("ttt gen-logs", () => {
  let dir = "";
  let logs = new Map<string, string[]>();
  let truth: any;
  before(async () => {
    ({ dir } = await run(SMALL));
    logs = readLogs(dir);
    truth = JSON.parse(readFileSync(join(dir, "ground-truth.json"), "utf8"));
  });
  const line = (file: string, n: number): string => {
    const l = logs.get(file)?.[n - 1];
    assert.ok(l !== undefined, `${file}:${n} exists`);
    return l;
  };

  it("writes byte-identical files for the same options and seed", async () => {
    const again = await run(SMALL);
    const hash = (d: string) =>
      walk(d).map(
        (p) => `${relative(d, p)} ${createHash("sha256").update(readFileSync(p)).digest("hex")}`,
      );
    assert.deepEqual(hash(again.dir), hash(dir));
    const other = await run({ ...SMALL, seed: 12 });
    assert.notDeepEqual(hash(other.dir), hash(dir));
  });

  it("writes every component, each line in its documented template, files in time order", () => {
    const seen = new Set<string>();
    for (const [rel, lines] of logs) {
      const format = formatOf(rel);
      assert.ok(format !== null, `known file ${rel}`);
      seen.add(format);
      let last = 0;
      lines.forEach((l, i) => {
        assert.ok(/^[\x20-\x7e]+$/.test(l), `${rel}:${i + 1} is printable ASCII`);
        assert.ok(
          PATTERNS[format].some((re) => re.test(l)),
          `${rel}:${i + 1} matches ${format}: ${l}`,
        );
        const t = lineTime(format, l);
        assert.ok(Number.isFinite(t), `${rel}:${i + 1} has a time`);
        assert.ok(t >= last - 999, `${rel}:${i + 1} is not earlier than the line before`);
        last = Math.max(last, t);
        if (format === "iam-audit") JSON.parse(l.slice(l.indexOf("{")));
      });
    }
    assert.equal(seen.size, 11, `all kinds of files: ${[...seen].join(", ")}`);
  });

  it("writes dCache WebDAV keys in dCache's order and billing with the access log's session", () => {
    const order = [
      "session",
      "request.method",
      "request.url",
      "socket.remote",
      "user-agent",
      "user.dn",
      "user.sub",
      "user.jti",
      "user.mapped",
      "duration",
      "response.reason",
      "response.code",
      "location",
      "transaction",
    ];
    const sessions = new Set<string>();
    for (const [rel, lines] of logs) {
      if (formatOf(rel) !== "dcache-access") continue;
      for (const l of lines) {
        sessions.add(/ session=(\S+)/.exec(l)![1]!);
        if (!l.includes("webdav.request")) continue;
        const keys = [...l.matchAll(/ ([\w.-]+)=(?:"(?:[^"\\]|\\.)*"|[^\s"]+)/g)]
          .map((m) => m[1]!)
          .filter((k) => k !== "ts" && k !== "event" && !k.startsWith("tpc."));
        const idx = keys.map((k) => order.indexOf(k));
        assert.ok(
          idx.every((v, i) => v >= 0 && (i === 0 || v > idx[i - 1]!)),
          `key order: ${keys.join(" ")}`,
        );
      }
    }
    for (const [rel, lines] of logs)
      if (formatOf(rel) === "dcache-billing")
        for (const l of lines)
          assert.ok(
            sessions.has(/\[(door:[^\]]+)\]/.exec(l)![1]!),
            `billing session in access log: ${l}`,
          );
    const all = [...logs.values()].flat();
    assert.ok(
      all.some((l) => /socket\.remote=\[[0-9a-f:]+\]:\d+/.test(l)),
      "some IPv6 clients",
    );
    assert.ok(
      all.some((l) => l.includes('\\"')),
      "some escaped quotes",
    );
  });

  it("uses the three token-exchange wordings and tokens only between their iat and exp", () => {
    const iam = [...logs].filter(([rel]) => rel.startsWith("iam/iam.log")).flatMap(([, l]) => l);
    assert.ok(iam.some((l) => l.includes("' to impersonate user '")));
    assert.ok(iam.some((l) => l.includes("' impersonates '")));
    assert.ok(iam.some((l) => l.includes("' exchanges token from '")));
    const life = new Map<string, [number, number]>();
    for (const [rel, lines] of logs)
      if (formatOf(rel) === "iam-audit")
        for (const l of lines) {
          const p = JSON.parse(l.slice(l.indexOf("{"))).payload;
          if (p?.jti !== undefined) life.set(p.jti, [p.iat, p.exp]);
        }
    let checked = 0;
    for (const [rel, lines] of logs) {
      const format = formatOf(rel)!;
      for (const l of lines) {
        const jti =
          /user\.jti=([0-9a-f-]{36})@/.exec(l)?.[1] ??
          /"jti":"([0-9a-f-]{36})"/.exec(format === "condor" ? l : "")?.[1];
        if (jti === undefined) continue;
        const span = life.get(jti);
        assert.ok(span !== undefined, `token ${jti} was issued by IAM`);
        const t = Math.floor(lineTime(format, l) / 1000);
        assert.ok(
          t >= span[0] && t <= span[1],
          `${rel}: ${jti} used at ${t} within [${span[0]}, ${span[1]}]`,
        );
        checked++;
      }
    }
    assert.ok(checked > 50);
  });

  it("plants a stolen refresh token whose ground truth points at the right lines", () => {
    const { stolen, foreignIp } = truth;
    assert.match(foreignIp, /^203\.0\.113\.\d+$/);
    const r0 = truth.tokens.find((t: any) => t.parent === null);
    assert.equal(r0.jti, stolen.jti);
    assert.equal(r0.kind, "refresh");
    const issued = line(r0.evidence[0].file, r0.evidence[0].line);
    assert.match(issued, /"@type":"RefreshTokenIssuedEvent"/);
    assert.ok(issued.includes(`"sub":"${stolen.sub}"`) && issued.includes(`"jti":"${stolen.jti}"`));
    const links = truth.links.map((l: any) => l.type).sort();
    assert.deepEqual(links, ["exchange", "exchange", "fts-refresh", "refresh", "refresh"]);
    for (const t of truth.tokens)
      assert.ok(line(t.evidence[0].file, t.evidence[0].line).includes(`"jti":"${t.jti}"`));
    for (const l of truth.links) {
      const text = l.evidence.map((e: any) => line(e.file, e.line)).join("\n");
      assert.ok(text.includes(`"jti":"${l.to}"`), `link ${l.type} evidence names the child`);
      if (l.type !== "exchange") assert.ok(text.includes(`"refreshTokenJti":"${l.from}"`));
      else assert.match(text, /Client '[^']+' (requests token exchange|impersonates)/);
    }
    const ftsIds = new Set<string>();
    for (const e of truth.provenEvents) {
      const l = line(e.file, e.line);
      if (e.component === "iam") assert.ok(l.includes(`"jti":"${e.jti}"`), l);
      else if (e.component === "dcache") assert.ok(l.includes(`user.jti=${e.jti}@`), l);
      else if (e.component === "fts") ftsIds.add(/token_id=([0-9a-f]{16})/.exec(l)![1]!);
      else if (e.component === "condor") {
        const cid = /\(cid:\d+\)/.exec(l)![0];
        const group = logs
          .get(e.file)!
          .filter((x) => x.includes(cid))
          .join("\n");
        const routed = /RoutedFromJobId=(\d+)\.0/.exec(l);
        if (routed === null) assert.ok(group.includes(`"jti":"${e.jti}"`), `cid group of ${l}`);
        else
          assert.ok(logs.get(e.file)!.some((x) => x.includes(`Submitting new job ${routed[1]}.`)));
      } else assert.fail(`unexpected proven component ${e.component}`);
    }
    assert.equal(ftsIds.size, 1, "the attacker's FTS lines share one token_id");
    const components = new Set(truth.provenEvents.map((e: any) => e.component));
    assert.deepEqual([...components].sort(), ["condor", "dcache", "fts", "iam"]);
    const listed = new Set(
      [...truth.provenEvents, ...truth.candidateEvents].map((e: any) => `${e.file}:${e.line}`),
    );
    for (const e of truth.candidateEvents) {
      const l = line(e.file, e.line);
      if (e.component === "storm")
        assert.ok(l.startsWith(`${foreignIp} `) || l.startsWith("192.0.2."), l);
      if (e.component === "storm" || e.component === "arc" || e.component === "fts")
        assert.ok(l.includes(stolen.sub), l);
      if (e.component === "eos") assert.match(l, /&sec\.host=192\.0\.2\.\d+&/);
    }
    assert.ok(new Set(truth.candidateEvents.map((e: any) => e.component)).has("arc"));
    let foreign = 0;
    for (const [rel, lines] of logs)
      lines.forEach((l, i) => {
        if (!l.includes(foreignIp)) return;
        foreign++;
        if (l.includes(" Command=QMGMT_WRITE_CMD, peer=<")) return; // folded into the group's auth line
        assert.ok(listed.has(`${rel}:${i + 1}`), `attacker line ${rel}:${i + 1} is in the truth`);
      });
    assert.ok(foreign >= 10);
    assert.ok(
      ![...logs.values()].flat().some((l) => /203\.0\.113\./.test(l) && !l.includes(foreignIp)),
    );
    assert.ok(truth.unrelatedVictimEvents > 0);
  });

  it("reports what it wrote", async () => {
    const { result } = await run({ sites: 1, days: 1, users: 2, seed: 3 });
    assert.ok(result.files > 5 && result.lines > 100);
    assert.equal(result.bytes, result.rawBytes);
    assert.equal(result.groundTruth, null);
  });

  it("gzips every day but the last, as readable gzip", async () => {
    const { dir: gz, result } = await run({ sites: 2, days: 2, users: 3, seed: 5, gzip: true });
    const files = walk(gz).map((p) => relative(gz, p));
    const zipped = files.filter((f) => f.endsWith(".gz"));
    assert.ok(zipped.length > 5);
    for (const f of zipped) assert.ok(/2024-09-02|2024\.09\.02|20240902/.test(f), f);
    for (const f of files.filter((x) => !x.endsWith(".gz")))
      assert.ok(/2024-09-03|2024\.09\.03|20240903/.test(f), f);
    assert.ok(result.bytes < result.rawBytes);
    const lines = readLogs(gz);
    for (const [rel, list] of lines) {
      const format = formatOf(rel)!;
      for (const l of list)
        assert.ok(
          PATTERNS[format].some((re) => re.test(l)),
          `${rel}: ${l}`,
        );
    }
  });

  it("refuses a non-empty output directory unless forced", async () => {
    await assert.rejects(
      generateLogs(parseGenLogsOptions({ out: dir, sites: 1, days: 1, users: 1 })),
      (e: any) => e.code === "validation_failed" && e.issues[0].path === "--out",
    );
  });
});
