import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Actor } from "../../accounts/index.js";
import { createContext, type AppContext } from "../../app/context.js";
import { openStore } from "../../store/index.js";
import { decodeEventData } from "../events/event-codec.js";
import { EventsRepository } from "../events/events.repository.js";
import { fileSources } from "../ingest/log-source.js";
import type { IngestSummary } from "../ingest/ingest.summary.js";
import { generateLogs } from "./gen-logs.service.js";
import { parseGenLogsOptions } from "./gen-logs.schema.js";

interface Truth {
  stolen: { jti: string };
  provenEvents: Array<{ file: string; line: number; action: string; jti: string }>;
  candidateEvents: Array<{ file: string; line: number }>;
}

/**
 * The generator and the parsers agree: a multi-site scenario with a planted compromise (some
 * days gzipped) ingests with zero bad lines, and every line the ground truth names became an
 * event — proven ones carrying the truth's jti, its FTS token_id, or (routed CE jobs) the job they came from.
 */
describe("gen-logs output ingests completely", () => {
  let dir: string;
  let ctx: AppContext;
  let admin: Actor;
  let summary: IngestSummary;
  let truth: Truth;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "ttt-gen-ingest-"));
    await generateLogs(
      parseGenLogsOptions({
        out: dir,
        sites: 4,
        days: 2,
        users: 25,
        seed: 11,
        compromise: true,
        gzip: true,
      }),
    );
    truth = JSON.parse(readFileSync(join(dir, "ground-truth.json"), "utf8")) as Truth;
    ctx = createContext({ store: await openStore({ dataDir: "", sqliteFile: ":memory:" }) });
    await ctx.accounts.ensureAdmin("admin-password-1");
    admin = await ctx.accounts.localActor("admin");
    summary = await ctx.ingest.ingest(admin, await fileSources([dir], "auto"), { origin: "test" });
  });
  after(async () => {
    await ctx.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("every format is detected and no line is bad", () => {
    assert.equal(summary.bad, 0, JSON.stringify(summary.badLines.slice(0, 3)));
    assert.deepEqual(
      summary.skippedFiles.map((f) => f.file),
      [join(dir, "ground-truth.json")],
      "only the ground truth is not a log",
    );
    assert.deepEqual(Object.keys(summary.byFormat).sort(), [
      "arc-jobs",
      "condor-audit",
      "dcache-access",
      "dcache-billing",
      "eos-report",
      "fts",
      "iam-audit",
      "iam-exchange",
      "storm-access",
      "xrootd",
    ]);
    assert.ok(summary.events > 10_000);
  });

  test("every line the ground truth names is an event; proven ones carry their jti or token_id", async () => {
    const rows = await ctx.store.db
      .selectFrom("trace_events as e")
      .innerJoin("trace_files as f", "f.id", "e.file_id")
      .select(["f.path", "e.line", "e.time_ms", "e.data"])
      .execute();
    const at = new Map<string, ReturnType<typeof decodeEventData>[]>();
    for (const r of rows) {
      const k = `${r.path}:${Number(r.line)}`;
      at.set(k, [...(at.get(k) ?? []), decodeEventData(Number(r.time_ms), r.data)]);
    }
    for (const p of truth.provenEvents) {
      const evs = at.get(`${join(dir, p.file)}:${p.line}`);
      assert.ok(evs !== undefined, `no event at ${p.file}:${p.line}`);
      assert.ok(
        evs.some(
          (e) =>
            e.action === p.action &&
            (e.jti === p.jti ||
              e.corr?.startsWith("token_id:") === true ||
              // a routed job has lost its token attributes: it is linked by the job it came from
              typeof e.details?.["routedFromJobId"] === "string"),
        ),
        `${p.file}:${p.line}: ${p.action} ${p.jti}`,
      );
    }
    for (const c of truth.candidateEvents)
      assert.ok(at.has(`${join(dir, c.file)}:${c.line}`), `no event at ${c.file}:${c.line}`);
    const stolen = await new EventsRepository(ctx.store.db).byKey("jti", truth.stolen.jti);
    assert.ok(stolen.length > 0, "the stolen refresh token is found by its jti");
  });
});
