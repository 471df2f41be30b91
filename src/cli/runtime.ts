import { existsSync } from "node:fs";
import { join } from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { stringify } from "yaml";
import { feedSettings, loadConfig, traceSettings } from "../app/config.js";
import { bootstrap } from "../app/bootstrap.js";
import { createContext, type AppContext } from "../app/context.js";
import type { Actor } from "../accounts/index.js";
import { TttError } from "../core/errors.js";
import { openStore, type Store } from "../store/index.js";
import { localClient, remoteClient, type ApiClient } from "./client.js";

/** Exit codes, the same for every command. */
export const EXIT = { ok: 0, failure: 1, usage: 2, denied: 3 } as const;

export interface GlobalOptions {
  json?: boolean;
  dataDir?: string;
  databaseUrl?: string;
  server?: string;
  as: string;
  config?: string;
}

/**
 * Runs a command's work against the API: in-process on the local store (acting as `--as`,
 * default admin), or against `--server` with the API token in TTT_TOKEN.
 */
export async function withClient<T>(
  cmd: Command,
  work: (client: ApiClient) => Promise<T>,
): Promise<T> {
  const g = cmd.optsWithGlobals<GlobalOptions>();
  let client: ApiClient;
  if (g.server !== undefined) {
    client = remoteClient(g.server, process.env.TTT_TOKEN);
  } else {
    const local = await openLocal(g);
    try {
      // loaded here, not with the CLI: commands that never serve HTTP (an ingest) skip Fastify
      const { buildApp } = await import("../http/app.js");
      const app = await buildApp(local.ctx, { localActor: local.actor });
      client = localClient(app, () => local.store.close());
    } catch (err) {
      await local.store.close();
      throw err;
    }
  }
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

/**
 * Runs work on the local store's services directly, acting as `--as`: for commands that read
 * local files in bulk (`ttt ingest`), where going through HTTP would only add copies.
 */
export async function withLocalContext<T>(
  cmd: Command,
  work: (ctx: AppContext, actor: Actor) => Promise<T>,
): Promise<T> {
  const local = await openLocal(cmd.optsWithGlobals<GlobalOptions>());
  try {
    return await work(local.ctx, local.actor);
  } finally {
    await local.store.close();
  }
}

async function openLocal(
  g: GlobalOptions,
): Promise<{ ctx: AppContext; actor: Actor; store: Store }> {
  const config = loadConfig({ dataDir: g.dataDir, databaseUrl: g.databaseUrl, config: g.config });
  const isNew = config.databaseUrl === undefined && !existsSync(join(config.dataDir, "ttt.sqlite"));
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  // A mistyped --data-dir should not go unnoticed.
  if (isNew) process.stderr.write(`note: created a new store at ${store.location}\n`);
  try {
    const ctx = createContext({
      store,
      sessionHours: config.sessionHours,
      feed: feedSettings(config),
      trace: traceSettings(config),
    });
    const boot = await bootstrap(ctx, config);
    if (boot.generatedAdminPassword !== undefined) {
      process.stderr.write(
        `created user 'admin' with password ${boot.generatedAdminPassword} (shown once; set TTT_ADMIN_PASSWORD to choose it)\n`,
      );
    }
    return { ctx, actor: await ctx.accounts.localActor(g.as), store };
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** Prints a result: JSON with --json, else readable YAML or the command's own rendering. */
export function emit(cmd: Command, result: unknown, human?: (r: never) => string): void {
  if (cmd.optsWithGlobals<GlobalOptions>().json) {
    process.stdout.write(JSON.stringify(result, null, 2) + "\n");
  } else {
    process.stdout.write(
      (human ? human(result as never) : stringify(result)).replace(/\n?$/, "\n"),
    );
  }
}

/** Maps an error to its exit code and a one-line message (or JSON with --json). */
export function report(err: unknown, json: boolean): number {
  if (err instanceof TttError) {
    // 422: a file that was read but refused (import_invalid) is bad input too.
    const code =
      err.status === 400 || err.status === 422 || err.code === "validation_failed"
        ? EXIT.usage
        : EXIT.failure;
    if (json)
      process.stderr.write(
        JSON.stringify({ error: { code: err.code, message: err.message, details: err.details } }) +
          "\n",
      );
    else process.stderr.write(`error (${err.code}): ${err.message}\n`);
    return code;
  }
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  return EXIT.failure;
}

/** Commander argument parser for whole numbers, naming the flag on failure (exit 2). */
export function int(value: string): number {
  if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError("must be a whole number");
  return Number(value);
}

/** Reads all of standard input (for secrets, which never go on the command line). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Encodes a path segment. */
export const seg = (s: string) => encodeURIComponent(s);
