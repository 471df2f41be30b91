import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Actor } from "../../accounts/index.js";
import { createContext, type AppContext } from "../../app/context.js";
import { FixedClock } from "../../core/clock.js";
import { storeKinds } from "../../test-support/stores.js";
import { dcacheLine, dcacheLines, iamIssuedLine } from "../../test-support/log-lines.js";
import { IdentitiesRepository } from "../events/identities.repository.js";
import { CheckpointsRepository } from "./checkpoints.repository.js";
import { RunsRepository } from "./runs.repository.js";
import { SegmentBuilder } from "./segment-builder.js";
import { SegmentsRepository } from "./segments.repository.js";
import { EventsRepository } from "../events/events.repository.js";
import { fileSources } from "./log-source.js";
import { MAX_LINE_BYTES } from "./line-splitter.js";

const modes = [
  { worker: false, name: "parsing in-process" },
  { worker: true, name: "parsing in a worker thread" },
];
for (const kind of await storeKinds())
  for (const mode of modes) {
    describe(`ingest on ${kind.name}, ${mode.name}`, { skip: kind.skip }, () => {
      let ctx: AppContext;
      let admin: Actor;
      let dir: string;
      let events: EventsRepository;
      const ingest = async (paths: string[], site?: string, timeZone?: string) =>
        ctx.ingest.ingest(admin, await fileSources(paths, site), {
          origin: "test",
          worker: mode.worker,
          timeZone,
        });

      before(async () => {
        const store = await kind.open();
        ctx = createContext({ store, clock: new FixedClock("2026-03-01T09:00:00.000Z") });
        await ctx.accounts.ensureAdmin("admin-password-1");
        admin = await ctx.accounts.localActor("admin");
        events = new EventsRepository(store.db);
        dir = mkdtempSync(join(tmpdir(), "ttt-ingest-"));
      });
      after(async () => {
        rmSync(dir, { recursive: true, force: true });
        await ctx.store.close();
      });

      test("a file is read once: the same file again adds nothing", async () => {
        const f = join(dir, "once.access");
        writeFileSync(f, dcacheLines(0, 50));
        const first = await ingest([f]);
        assert.equal(first.events, 50);
        assert.equal(first.lines, 50);
        assert.deepEqual(first.byFormat["dcache-access"], {
          files: 1,
          lines: 50,
          events: 50,
          bad: 0,
        });
        const again = await ingest([f]);
        assert.equal(again.events, 0);
        assert.equal(again.lines, 0);
        assert.equal(again.alreadyIngested, 1);
        const found = await events.byKey("jti", "jti-7");
        assert.equal(found.length, 1);
        assert.equal(found[0]?.source.line, 8);
        assert.equal(found[0]?.object, "/data/vo/file-7");
      });

      test("a grown file is read from where it stopped; a half-written last line waits", async () => {
        const f = join(dir, "grow.access");
        writeFileSync(f, dcacheLines(1000, 10) + dcacheLine(1010).slice(0, 40));
        const first = await ingest([f]);
        assert.equal(first.events, 10);
        assert.equal(first.pendingPartialLines, 1);
        appendFileSync(f, dcacheLine(1010).slice(40) + "\n" + dcacheLines(1011, 5));
        const second = await ingest([f]);
        assert.equal(second.events, 6);
        assert.equal(second.lines, 6);
        const last = await events.byKey("jti", "jti-1015");
        assert.equal(last[0]?.source.line, 16, "line numbers continue");
      });

      test("with final, a last line without a newline is read: the file will not grow", async () => {
        const f = join(dir, "archived.access");
        writeFileSync(f, dcacheLines(1100, 4) + dcacheLine(1104)); // no newline at the end
        const waiting = await ingest([f]);
        assert.equal(waiting.events, 4);
        assert.equal(waiting.pendingPartialLines, 1);
        const final = await ctx.ingest.ingest(admin, await fileSources([f], undefined), {
          origin: "test",
          worker: mode.worker,
          final: true,
        });
        assert.equal(final.events, 1);
        assert.equal(final.pendingPartialLines, 0);
        assert.equal((await events.byKey("jti", "jti-1104"))[0]?.source.line, 5);
        const again = await ingest([f]);
        assert.deepEqual([again.events, again.alreadyIngested], [0, 1]);
      });

      test("reread: a file read with the wrong format or site is read again, nothing twice", async () => {
        const f = join(dir, "misread.access");
        writeFileSync(f, dcacheLines(1200, 8));
        const run = async (opts: { format?: "storm-access"; site?: string; reread?: boolean }) =>
          ctx.ingest.ingest(admin, await fileSources([f], opts.site), {
            origin: "test",
            worker: mode.worker,
            format: opts.format,
            reread: opts.reread,
          });
        const wrong = await run({ format: "storm-access", site: "wrong-site" });
        assert.deepEqual([wrong.events, wrong.bad], [0, 8]);
        assert.equal((await run({})).alreadyIngested, 1, "without --reread: nothing new");
        const fixed = await run({ site: "site-07", reread: true });
        assert.deepEqual(fixed.reread, [
          { file: f, eventsDeleted: 0, alertsDeleted: 0, formatBefore: "storm-access" },
        ]);
        assert.deepEqual([fixed.events, fixed.bad], [8, 0]);
        const again = await run({ site: "site-08", reread: true });
        assert.deepEqual(again.reread, [
          { file: f, eventsDeleted: 8, alertsDeleted: 0, formatBefore: "dcache-access" },
        ]);
        const found = await events.byKey("jti", "jti-1203");
        assert.deepEqual(
          found.map((e) => [e.site, e.source.line]),
          [["site-08", 4]],
          "stored once, with the site given last",
        );
        const badRows = await ctx.store.db
          .selectFrom("trace_bad_lines")
          .innerJoin("trace_files", "trace_files.id", "trace_bad_lines.file_id")
          .select("trace_bad_lines.count")
          .where("trace_files.path", "=", f)
          .execute();
        assert.deepEqual(badRows, [], "the wrong format's bad lines went with it");
      });

      test("a rotated file is recognised under its new name, also compressed", async () => {
        const f = join(dir, "rot.access");
        writeFileSync(f, dcacheLines(2000, 30));
        assert.equal((await ingest([f])).events, 30);
        appendFileSync(f, dcacheLines(2030, 3));
        renameSync(f, f + ".1");
        writeFileSync(f, dcacheLines(3000, 2)); // the new current file
        const r = await ingest([f, f + ".1"]);
        assert.equal(r.events, 5, "3 appended before rotation + 2 in the new file");
        writeFileSync(f + ".1.gz", gzipSync(readFileSync(f + ".1")));
        rmSync(f + ".1");
        const gz = await ingest([f + ".1.gz"]);
        assert.equal(gz.events, 0);
        assert.equal(gz.alreadyIngested, 1);
      });

      test("daily files that begin alike for more than a KiB are different files", async () => {
        const header = dcacheLines(6000, 15); // the same first lines in both files
        assert.ok(Buffer.byteLength(header) > 1024, "longer than the old 1 KiB fingerprint");
        const day1 = join(dir, "daily-1.access");
        const day2 = join(dir, "daily-2.access");
        writeFileSync(day1, header + dcacheLines(6100, 5));
        writeFileSync(day2, header + dcacheLines(6200, 7));
        assert.equal((await ingest([day1])).events, 20);
        const r = await ingest([day2]);
        assert.equal(r.alreadyIngested, 0);
        assert.equal(r.events, 22, "all of day 2, read from its start");
        assert.equal((await events.byKey("jti", "jti-6200")).length, 1);
      });

      test("the same content twice in one run is read once, from the longest copy", async () => {
        const all = dcacheLines(7000, 200);
        assert.ok(Buffer.byteLength(all) > 24 * 1024);
        const lines = all.split("\n");
        const short = join(dir, "dup-short.access");
        const mid = join(dir, "dup-mid.access");
        const long = join(dir, "dup-long.access");
        writeFileSync(short, lines.slice(0, 150).join("\n") + "\n"); // same first 16 KiB
        writeFileSync(mid, lines.slice(0, 175).join("\n") + "\n");
        writeFileSync(long, all);
        const r = await ingest([short, mid, long, long]);
        assert.equal(r.events, 200, "every line once");
        assert.deepEqual(
          r.skippedFiles.map((f) => [f.file, f.reason, f.sameAs]),
          [
            [short, "duplicate", long],
            [mid, "duplicate", long],
            [long, "duplicate", long],
          ],
          "each names the copy that was read",
        );
        assert.equal((await events.byKey("jti", "jti-7000")).length, 1);
        assert.equal((await events.byKey("jti", "jti-7199")).length, 1);
        const gz = join(dir, "dup-long.access.1.gz");
        writeFileSync(gz, gzipSync(all + dcacheLines(7200, 1)));
        const again = await ingest([long, gz]);
        assert.equal(again.events, 1, "only the line the compressed copy adds");
      });

      test("the identities of ingested events are kept for ban coverage, once each", async () => {
        const f = join(dir, "iam-identities.log");
        const iss = "https://ids.example.org/";
        const exp = 1_800_000_000;
        const line = (sub: string, jti: string, groups?: string[]) =>
          iamIssuedLine({ iss, sub, jti, exp, ...(groups === undefined ? {} : { groups }) });
        writeFileSync(
          f,
          [
            line("u-1", "i-1", ["/vo", "/vo/prod"]),
            line("u-1", "i-2", ["/vo"]),
            line("u-2", "i-3"),
            line("u-3", "i-4", ["/other"]),
          ].join("\n") + "\n",
        );
        assert.equal((await ingest([f])).events, 4);
        const known = new IdentitiesRepository(ctx.store.db);
        assert.deepEqual(await known.coverage(iss, null), { identities: 3, anyKnown: true });
        assert.equal((await known.coverage(iss, "/vo")).identities, 1);
        assert.equal((await known.coverage(iss, "/vo/prod")).identities, 1);
        assert.equal((await known.coverage("https://none.example.org/", null)).identities, 0);
        assert.equal(await known.tokenExp(iss, "i-3"), exp);
        assert.equal(await known.tokenExp("https://none.example.org/", "i-3"), null);
      });

      test("two runs reading one file at once store it once; the other stops with ingest_conflict", async () => {
        for (const [i, name] of ["race-new.access", "race-grown.access"].entries()) {
          const f = join(dir, name);
          writeFileSync(f, dcacheLines(9000 + i * 100, 30));
          if (i === 1) {
            await ingest([f]); // known: both runs start from its checkpoint
            appendFileSync(f, dcacheLines(9130, 30));
          }
          const runs = await Promise.allSettled([ingest([f]), ingest([f])]);
          const stored = runs.reduce(
            (n, r) => n + (r.status === "fulfilled" ? r.value.events : 0),
            0,
          );
          assert.equal(stored, 30, `${name}: every line once`);
          for (const r of runs) {
            if (r.status === "rejected") {
              assert.equal((r.reason as { code?: string }).code, "ingest_conflict");
              assert.match(String(r.reason), /another ingest run is reading the same file/);
            }
          }
          const last = i === 0 ? "jti-9029" : "jti-9159";
          assert.equal((await events.byKey("jti", last)).length, 1, `${name}: ${last} once`);
        }
      });

      test("a segment moves a checkpoint only from where its run found it", async () => {
        const f = join(dir, "cas.access");
        writeFileSync(f, dcacheLines(9500, 5));
        await ingest([f]);
        const cp = await new CheckpointsRepository(ctx.store.db).find(f, readFileSync(f));
        assert.ok(cp !== null && cp.bytesDone > 0);
        const runId = await new RunsRepository(ctx.store.db).start("test", "admin", "2026-03-01");
        const segments = new SegmentsRepository(ctx.store.bulk, ctx.store.partitions);
        const stale = { ...cp, fromBytes: 0, bytesDone: cp.bytesDone + 10 };
        const empty = new SegmentBuilder().take();
        await assert.rejects(
          segments.commit({ runId, batch: empty, checkpoints: [stale], bad: [], now: "x" }),
          (err: { code?: string; message?: string }) =>
            err.code === "ingest_conflict" &&
            /cas\.access: another ingest run/.test(err.message ?? ""),
        );
        const after = await new CheckpointsRepository(ctx.store.db).find(f, readFileSync(f));
        assert.equal(after?.bytesDone, cp.bytesDone, "the stale update changed nothing");
        const fresh = { ...cp, fromBytes: cp.bytesDone };
        await segments.commit({ runId, batch: empty, checkpoints: [fresh], bad: [], now: "x" });
      });

      test("a short file first seen under a KiB is still found after rotation and growth", async () => {
        const f = join(dir, "short.access");
        writeFileSync(f, dcacheLines(4000, 1));
        await ingest([f]);
        appendFileSync(f, dcacheLines(4001, 4));
        renameSync(f, f + ".old");
        const r = await ingest([f + ".old"]);
        assert.equal(r.events, 4);
      });

      test("bad lines are counted per reason with line numbers and safe samples, never fatal", async () => {
        const f = join(dir, "bad.access");
        const token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ2aWN0aW0ifQ.c2lnbmF0dXJl";
        writeFileSync(
          f,
          [
            dcacheLine(5000),
            `garbage Authorization: Bearer ${token}`,
            "\u0000\u0001binary\u001b[31m",
            "x".repeat(MAX_LINE_BYTES + 10),
            dcacheLine(5001).slice(0, dcacheLine(5001).indexOf("curl") + 4), // cut inside a quoted value
            dcacheLine(5002),
            "",
          ].join("\n"),
        );
        const r = await ingest([f]);
        assert.equal(r.events, 2);
        assert.equal(r.bad, 4);
        assert.equal(r.badByReason["line_too_long"], 1);
        const list = r.badLines.flatMap((b) => b.samples);
        const samples = list.join(" | ");
        assert.ok(!samples.includes(token), "a token in a bad line is never stored");
        assert.ok(samples.includes("[token]"));
        const hasControl = (t: string) => [...t].some((c) => c.charCodeAt(0) < 0x20);
        for (const one of list) assert.ok(!hasControl(one), "control characters are escaped");
        assert.deepEqual(
          r.badLines.flatMap((b) => b.lines).sort((a, b) => a - b),
          [2, 3, 4, 5],
        );
        const stored = await ctx.store.db
          .selectFrom("trace_bad_lines")
          .selectAll()
          .where("run_id", "=", r.runId)
          .execute();
        assert.equal(
          stored.reduce((n, b) => n + b.count, 0),
          4,
        );
      });

      test("a file of no known format is reported, not guessed; --format overrides detection", async () => {
        const f = join(dir, "notes.txt");
        writeFileSync(f, "just some text\nnothing to see\n");
        const r = await ingest([f]);
        assert.deepEqual(r.skippedFiles, [{ file: f, reason: "unknown_format" }]);
        const forced = await ctx.ingest.ingest(admin, await fileSources([f], undefined), {
          origin: "test",
          format: "storm-access",
          worker: mode.worker,
        });
        assert.equal(forced.bad, 2);
      });

      test("dCache billing records without a year take it from the daily file's name", async () => {
        const f = join(dir, "billing-2024.07.31");
        writeFileSync(
          f,
          '07.31 23:59:58 [pool:pool-a1:transfer] [0000A1B2C3D4E5F60718293A4B5C6D7E8F90,1048576] [/data/vo/year.root] vo:disk@osm 1048576 230 false {Http-1.1:198.51.100.7:0:webdav-door:/data/vo/year.root} [door:webdav-1@webdavDomain:1722462000001:1] {0:""}\n',
        );
        const r = await ingest([f]);
        assert.equal(r.bad, 0, JSON.stringify(r.badLines));
        const [e] = await events.byKey("object", "/data/vo/year.root");
        assert.equal(e?.timeMs, Date.UTC(2024, 6, 31, 23, 59, 58));
      });

      test("--tz reads offset-less times in the site's zone, kept for the file as it grows", async () => {
        const arc = (time: string, id: string) =>
          `${time} Started - job id: ${id}, unix user: 1000:1000, name: "j", owner: "https://iss.example.org/tz-user", lrms: condor, queue: q\n`;
        const f = join(dir, "tz-jobs");
        writeFileSync(f, arc("2024-07-01 12:00:00", "tz-1"));
        await ingest([f], undefined, "europe/zurich");
        appendFileSync(f, arc("2024-12-01 12:00:00", "tz-2"));
        await ingest([f]); // grown, no --tz given: the file's zone still applies
        const byJob = new Map(
          (await events.byKey("sub", "tz-user")).map((e) => [e.object, e] as const),
        );
        assert.equal(byJob.get("tz-1")?.timeMs, Date.parse("2024-07-01T10:00:00Z"));
        assert.equal(byJob.get("tz-1")?.tzOffsetMin, 120);
        assert.equal(byJob.get("tz-2")?.timeMs, Date.parse("2024-12-01T11:00:00Z"));
        assert.equal(byJob.get("tz-2")?.tzOffsetMin, 60);
        // rotated: the renamed file keeps its zone, the new one takes it from its predecessor
        renameSync(f, `${f}.1`);
        writeFileSync(f, arc("2024-12-02 12:00:00", "tz-3"));
        await ingest([f, `${f}.1`]);
        const [third] = (await events.byKey("sub", "tz-user")).filter((e) => e.object === "tz-3");
        assert.equal(third?.timeMs, Date.parse("2024-12-02T11:00:00Z"));

        // times that carry their offset, or are epoch instants, are not moved by a zone
        const x = join(dir, "tz-xrootd");
        writeFileSync(
          x,
          `1727950272 xrdmon[1]: u.1:2@h &Uc=7&s=tz-epoch&n=u&o=https%3A%2F%2Fiss.example.org&r=&g=/vo\n`,
        );
        await ingest([x], undefined, "+05:30");
        const [epoch] = await events.byKey("sub", "tz-epoch");
        assert.equal(epoch?.timeMs, 1727950272000);
        assert.equal(epoch?.tzOffsetMin, 0);

        // without a zone, wall-clock times stay UTC with no offset, as before
        mkdirSync(join(dir, "utc"));
        const u = join(dir, "utc", "jobs");
        writeFileSync(u, arc("2024-07-02 12:00:00", "utc-1").replace("tz-user", "utc-user"));
        await ingest([u]);
        const [plain] = await events.byKey("sub", "utc-user");
        assert.equal(plain?.timeMs, Date.parse("2024-07-02T12:00:00Z"));
        assert.equal(plain?.tzOffsetMin, null);
        await assert.rejects(ingest([u], undefined, "Mars/Olympus"), /time zone "Mars\/Olympus"/);
      });

      test("--site auto takes the first directory below the path; events carry it", async () => {
        const root = join(dir, "sites");
        const sub = join(root, "site-07", "dcache");
        rmSync(root, { recursive: true, force: true });
        for (const d of [sub]) (await import("node:fs")).mkdirSync(d, { recursive: true });
        writeFileSync(join(sub, "x.access"), dcacheLine(6000, { jti: "site-jti" }) + "\n");
        await ingest([root], "auto");
        const [e] = await events.byKey("jti", "site-jti");
        assert.equal(e?.site, "site-07");
      });

      test("a large file goes in several segments and every event is found by each key", async () => {
        const f = join(dir, "big.access");
        const n = 120_500;
        let text = "";
        for (let i = 0; i < n; i++)
          text +=
            dcacheLine(100_000 + i, {
              jti: `big-${i % 1000}`,
              sub: `big-sub-${i % 7}`,
              ip: `198.51.100.${i % 200}`,
            }) + "\n";
        writeFileSync(f, text);
        const r = await ingest([f]);
        assert.equal(r.events, n);
        const segs = await ctx.store.db.selectFrom("trace_segments").selectAll().execute();
        assert.ok(segs.length >= 2, "more than one segment");
        assert.equal((await events.byKey("jti", "big-3")).length, Math.ceil((n - 3) / 1000));
        assert.equal((await events.byKey("sub", "big-sub-0")).length, Math.ceil(n / 7));
        assert.equal(
          (await events.byKey("clientIp", "198.51.100.5")).length,
          Math.ceil((n - 5) / 200),
        );
      });
    });
  }
