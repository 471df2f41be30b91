import { PasswordHasher, TEST_SCRYPT_COST } from "../accounts/index.js";
import { createContext } from "../app/context.js";
import { FixedClock } from "../core/clock.js";
import { sequentialIds } from "../core/ids.js";
import { loadExample, type ReportData } from "../risk/index.js";
import { openStore } from "../store/index.js";
/** The report's own timestamp in fixtures, so golden files never move. */
export const FIXTURE_GENERATED_AT = "2026-11-25T12:00:00.000Z";
/** When the example was "played": every vote, reveal and settlement gets this time. */
export const FIXTURE_CLOCK_START = "2026-03-02T09:00:00.000Z";

const ASSESSMENT = "wlcg-token-workflows";
const LABELS = ["v0.9", "v1.0"] as const;
export type ExampleLabel = (typeof LABELS)[number];

let loaded: Promise<Record<ExampleLabel, ReportData>> | undefined;

/**
 * The example assessment's report data, built by the report service itself from an in-memory
 * SQLite store — the realistic input golden tests need. The clock is frozen and ids are
 * sequential so every run gives byte-identical data; the store is loaded once per process and
 * each call returns a fresh copy that tests may modify.
 */
export async function exampleReportData(label: ExampleLabel): Promise<ReportData> {
  loaded ??= loadAll();
  return structuredClone((await loaded)[label]);
}

async function loadAll(): Promise<Record<ExampleLabel, ReportData>> {
  const store = await openStore({ dataDir: "", sqliteFile: ":memory:" });
  try {
    const clock = new FixedClock(FIXTURE_CLOCK_START);
    // With a clock that never moves, v0.9 and v1.0 share created_at; sequential ids keep
    // "the latest version" the one created last (see demo.loader.test.ts).
    const ctx = createContext({
      store,
      hasher: new PasswordHasher(TEST_SCRYPT_COST),
      clock,
      ids: sequentialIds(),
    });
    await ctx.risk.methodologies.installBuiltins();
    await ctx.accounts.ensureAdmin("admin-password-1");
    const admin = await ctx.accounts.localActor("admin");
    await loadExample(ctx, admin);
    clock.set(FIXTURE_GENERATED_AT);
    const [v09, v10] = await Promise.all(
      LABELS.map((label) => ctx.risk.reports.data(admin, ASSESSMENT, label)),
    );
    if (!v09 || !v10) throw new Error("example data: a version is missing");
    return { "v0.9": v09, "v1.0": v10 };
  } finally {
    await store.close();
  }
}

/**
 * Renames a threat everywhere ReportData carries its title (catalogue, rows, meta-table,
 * disagreements), so escaping tests can plant hostile text without missing a copy.
 */
export function retitleThreat(data: ReportData, id: string, title: string): void {
  for (const t of data.threats) if (t.id === id) t.title = title;
  for (const r of data.rows) if (r.threat.id === id) r.threat.title = title;
  for (const l of data.metaTable.lines) if (l.threat.id === id) l.threat.title = title;
  for (const d of data.disagreements) {
    if (data.rows.find((r) => r.id === d.row)?.threat.id === id) d.title = title;
  }
}
