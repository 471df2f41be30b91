import { after, before } from "node:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Actor } from "../accounts/index.js";
import { createContext, type AppContext } from "../app/context.js";
import { openStore, type Store } from "../store/index.js";
import { fileSources, type IngestSummary } from "../trace/index.js";
import type { FileJob } from "../trace/ingest/parse-run.js";

export interface IngestWorld {
  ctx: AppContext;
  admin: Actor;
  /** A fresh directory for the test's log files, removed afterwards. */
  dir: string;
  /** `ttt ingest PATH [--site S] [--host H]` as the admin, in-process or in the parse worker. */
  ingest(
    path: string,
    opts?: { worker?: boolean; workers?: number; site?: string; host?: string },
  ): Promise<IngestSummary>;
}

/**
 * What ingest tests share: a store (in-memory SQLite unless `open` gives another) with an admin
 * and a scratch directory, made before the file's (or suite's) tests and closed after them
 * (registers node:test's before/after hooks).
 */
export function ingestWorld(
  name: string,
  open: () => Promise<Store> = () => openStore({ dataDir: "", sqliteFile: ":memory:" }),
): IngestWorld {
  const world = {} as IngestWorld;
  before(async () => {
    world.ctx = createContext({ store: await open() });
    await world.ctx.accounts.ensureAdmin("admin-password-1");
    world.admin = await world.ctx.accounts.localActor("admin");
    world.dir = mkdtempSync(join(tmpdir(), `ttt-${name}-`));
    world.ingest = async (path, { site, ...opts } = {}) =>
      world.ctx.ingest.ingest(world.admin, await fileSources([path], site), {
        origin: "test",
        ...opts,
      });
  });
  after(async () => {
    rmSync(world.dir, { recursive: true, force: true });
    await world.ctx.store.close();
  });
  return world;
}

/** A parse job for one dCache access log read from its start (ParseRun tests). */
export function dcacheJob(path: string, overrides: Partial<FileJob> = {}): FileJob {
  return {
    fileId: 1,
    path,
    file: path,
    format: "dcache-access",
    site: null,
    host: null,
    startOffset: 0,
    startLine: 0,
    parserState: null,
    timeZone: null,
    complete: false,
    same: null,
    ...overrides,
  };
}
