import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ingestWorld } from "../../test-support/ingest-world.js";
import { dcacheLine } from "../../test-support/log-lines.js";
import { RunsRepository } from "../ingest/runs.repository.js";
import { SegmentBuilder } from "../ingest/segment-builder.js";
import { SegmentsRepository } from "../ingest/segments.repository.js";
import { formatModule } from "../parsers/index.js";

/**
 * Logs write one address in several spellings (Java's full IPv6 form, the short form, capitals,
 * IPv4-mapped); ingest stores one (events/ip-address.ts) and a trace by address finds every line
 * of it, whichever spelling it is asked with.
 */
const w = ingestWorld("trace-ip");
let seeded: Promise<void> | undefined;
/** The log, ingested once, by the first test that needs it (after the world's own set-up). */
const seed = () => (seeded ??= ingestSpellings());
async function ingestSpellings(): Promise<void> {
  const lines = [
    dcacheLine(1, { ip: "[2001:db8:0:0:0:0:0:7]" }),
    dcacheLine(2, { ip: "[2001:DB8::7]" }),
    dcacheLine(3, { ip: "[2001:db8::7]" }),
    dcacheLine(4, { ip: "[::ffff:192.0.2.77]" }),
    dcacheLine(5, { ip: "192.0.2.77" }),
    dcacheLine(6, { ip: "192.0.2.78" }),
  ];
  writeFileSync(join(w.dir, "door.access"), lines.join("\n") + "\n");
  assert.equal((await w.ingest(w.dir)).events, 6);
}

const jtis = async (value: string) => {
  await seed();
  return (await w.ctx.trace.trace(w.admin, { by: "ip", value })).timeline.map((e) => e.jti).sort();
};

test("an IPv6 address is found in every spelling the logs used, asked in any of them", async () => {
  for (const asked of ["2001:db8::7", "2001:0db8:0:0:0:0:0:0007", "2001:DB8::7"])
    assert.deepEqual(await jtis(asked), ["jti-1", "jti-2", "jti-3"], asked);
});

test("an IPv4 client logged as IPv4-mapped IPv6 is found by its IPv4 address, and the other way", async () => {
  assert.deepEqual(await jtis("192.0.2.77"), ["jti-4", "jti-5"]);
  assert.deepEqual(await jtis("::ffff:192.0.2.77"), ["jti-4", "jti-5"]);
  assert.deepEqual(await jtis("192.0.2.78"), ["jti-6"]);
});

test("an event stored before addresses were put in one spelling is found by that spelling", async () => {
  await seed();
  // Written as the ingest of before 2026-11-26 wrote it: the address exactly as logged.
  const runId = await new RunsRepository(w.ctx.store.db).start("test", "admin", "2026-03-01");
  const segments = new SegmentsRepository(w.ctx.store.bulk, w.ctx.store.partitions);
  const builder = new SegmentBuilder();
  const r = formatModule("dcache-access")
    .create(undefined)
    .parseLine(dcacheLine(9, { ip: "[2001:db8:0:0:0:0:0:9]" }), 1);
  assert.ok(r.kind === "events");
  for (const e of r.events) builder.add(e, "s1", null, 1, 1);
  await segments.commit({ runId, batch: builder.take(), checkpoints: [], bad: [], now: "x" });
  assert.deepEqual(
    await jtis("2001:db8:0:0:0:0:0:9"),
    ["jti-9"],
    "by the spelling it was stored in",
  );
  assert.deepEqual(
    await jtis("2001:db8::9"),
    [],
    "the canonical spelling was never indexed for it",
  );
});
