/**
 * TTT as a library (`import { openDecisionPoint } from "ttt"`): the decision point in-process,
 * on the store a `ttt serve` uses, for a gateway, a storage front end or a batch job that must
 * decide on tokens without an HTTP round trip. Bans made anywhere (the server, the CLI, another
 * instance) are enforced within a second, as by a server instance: PostgreSQL LISTEN/NOTIFY, or
 * on SQLite the file's data version. The pure matcher is exported too, for callers that hold
 * their own list of bans.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startBanSync } from "./bans/index.js";
import { ValidationError } from "./core/errors.js";
import { createContext } from "./app/context.js";
import type { DecisionInput, DecisionOutcome } from "./decisions/index.js";
import { startIssuerSync } from "./issuers/index.js";
import { openStore } from "./store/index.js";

export {
  BanIndex,
  decide,
  decideClaims,
  extractFacts,
  type Ban,
  type ClaimFacts,
  type Decision,
} from "./bans/index.js";
export type { DecisionInput, DecisionOutcome, Verification } from "./decisions/index.js";

export interface DecisionPointOptions {
  /**
   * The folder of the SQLite store (`ttt.sqlite`), as `ttt serve --data-dir`. One of `dataDir`
   * and `databaseUrl` is required: a decision point on a new, empty store would allow everything.
   */
  dataDir?: string;
  /** `postgres://…`: the PostgreSQL store instead. */
  databaseUrl?: string;
  /** Told of a failed sync with other instances (the index then reloads in full). */
  onError?: (err: unknown) => void;
}

export interface EmbeddedDecisionPoint {
  /**
   * `{token}` (verified against the trusted issuers, then matched) or `{claims}` (matched as
   * given), optionally at a `site`: allow or deny, the bans and one sentence why.
   */
  decide(input: DecisionInput): Promise<DecisionOutcome>;
  /** Stops following changes and closes the store. */
  close(): Promise<void>;
}

/**
 * Opens the store (migrating it to this version, as `ttt serve` does) and a decision point on it
 * that follows every change to bans and issuers. Refuses a `dataDir` without a store in it.
 */
export async function openDecisionPoint(
  options: DecisionPointOptions,
): Promise<EmbeddedDecisionPoint> {
  const { dataDir, databaseUrl } = options;
  if ((databaseUrl === undefined || databaseUrl === "") && dataDir === undefined)
    throw new ValidationError("openDecisionPoint: give dataDir or databaseUrl", [
      { path: "dataDir", message: "required (or databaseUrl)" },
    ]);
  if (
    dataDir !== undefined &&
    databaseUrl === undefined &&
    !existsSync(join(dataDir, "ttt.sqlite"))
  )
    throw new ValidationError(`openDecisionPoint: no TTT store in ${dataDir}`, [
      { path: "dataDir", message: `${dataDir}/ttt.sqlite does not exist` },
    ]);
  const store = await openStore({ dataDir: dataDir ?? "", databaseUrl });
  const stops: Array<() => Promise<void>> = [];
  const close = async () => {
    try {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
    } finally {
      await store.close();
    }
  };
  try {
    const ctx = createContext({ store });
    const onError = options.onError ?? (() => undefined);
    stops.push(await startBanSync(store, ctx.bans, onError));
    stops.push(await startIssuerSync(store, ctx.issuers, onError));
    stops.push(() => ctx.issuers.idle());
    return { decide: (input) => ctx.decisionPoint.decide(input), close };
  } catch (err) {
    await close();
    throw err;
  }
}
