import { readFileSync } from "node:fs";
import { InvalidArgumentError, Option, type Command } from "commander";
import { ValidationError } from "../../core/errors.js";
import { EXIT, emit, seg, withClient } from "../runtime.js";

interface AddOpts {
  iss: string;
  jwksUri?: string;
  jwksFile?: string;
  alg?: string;
  aud?: string;
  refreshHours?: number;
  offline?: boolean;
  refresh?: boolean;
}

interface KeyLine {
  kid: string | null;
  kty: string;
  alg: string | null;
}

interface IssuerLine {
  id: string;
  iss: string;
  mode: string;
  keys: KeyLine[];
  stale: boolean;
  lastRefreshError: { code: string; message: string } | null;
}

interface RefreshLine {
  iss: string;
  ok: boolean;
  keys: number;
  fetched: boolean;
  changed: boolean;
  error: { code: string; message: string } | null;
}

const kids = (keys: KeyLine[]) =>
  keys.length === 0
    ? "no keys yet"
    : keys.map((k) => `${k.kid ?? "(no kid)"} ${k.alg ?? k.kty}`).join(", ");

const line = (i: IssuerLine) =>
  `${i.id}  ${i.mode.padEnd(7)} ${i.iss}  ${kids(i.keys)}${i.stale ? "  STALE" : ""}${
    i.lastRefreshError === null ? "" : `  last refresh failed: ${i.lastRefreshError.message}`
  }`;

const refreshLine = (r: RefreshLine) => {
  if (!r.fetched) return `offline  ${r.iss}  ${r.keys} static keys (never fetched)`;
  if (!r.ok) return `FAILED   ${r.iss}  ${r.error?.message ?? "?"} (kept ${r.keys} previous keys)`;
  return `ok       ${r.iss}  ${r.keys} keys${r.changed ? " (changed)" : ""}`;
};

const list = (value: string) =>
  value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");

function hours(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n))
    throw new InvalidArgumentError("must be a number");
  return n;
}

/** The JSON of a static JWKS file; its keys are checked by the server like any other input. */
function readJwks(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new ValidationError(`--jwks-file: cannot read ${file}: ${why}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError(`--jwks-file: ${file} is not JSON (a JWKS: {"keys": [...]})`);
  }
}

/** The request body; the server's schema does all validation, as for the HTTP API. */
function addBody(o: AddOpts): Record<string, unknown> {
  return {
    iss: o.iss,
    ...(o.offline ? { mode: "offline" } : {}),
    ...(o.jwksUri === undefined ? {} : { jwksUri: o.jwksUri }),
    ...(o.jwksFile === undefined ? {} : { jwks: readJwks(o.jwksFile) }),
    ...(o.alg === undefined ? {} : { algorithms: list(o.alg) }),
    ...(o.aud === undefined ? {} : { audiences: list(o.aud) }),
    ...(o.refreshHours === undefined ? {} : { refreshHours: o.refreshHours }),
  };
}

/** Refresh results, with exit code 1 when any issuer failed (so a cron job notices). */
function emitRefresh(cmd: Command, results: RefreshLine[]): void {
  emit(cmd, results, (rs: RefreshLine[]) =>
    rs.length === 0 ? "no trusted issuers" : rs.map(refreshLine).join("\n"),
  );
  if (results.some((r) => !r.ok)) process.exitCode = EXIT.failure;
}

/** `ttt issuers add|list|show|remove|refresh` */
export function issuerCommands(program: Command): void {
  const issuers = program
    .command("issuers")
    .description("trusted token issuers: their keys, algorithms and audiences");
  issuers
    .command("add")
    .description("trust an issuer: online (keys fetched) or offline (static keys)")
    .requiredOption("--iss <url>", "issuer URL exactly as in the tokens' iss claim")
    .addOption(
      new Option(
        "--jwks-uri <url>",
        "where its keys are (default: from <iss>/.well-known/openid-configuration)",
      ).conflicts("jwksFile"),
    )
    .option("--jwks-file <file>", "static JWKS with public keys (offline issuers)")
    .option("--alg <list>", "accepted algorithms, e.g. RS256,ES256 (the default)")
    .option("--aud <list>", "audiences tokens must name (default: not checked)")
    .option("--refresh-hours <h>", "key refresh period, 0.25–6 (default 6)", hours)
    .option("--offline", "never fetch keys (air-gapped sites): needs --jwks-file")
    .option("--refresh", "fetch the keys right away and report")
    .action(async (o: AddOpts, cmd: Command) => {
      const body = addBody(o);
      await withClient(cmd, async (c) => {
        const made = (await c.call("POST", "/api/v1/issuers", body)) as IssuerLine;
        if (!o.refresh) return emit(cmd, made, (i: IssuerLine) => `trusted: ${line(i)}`);
        const refreshed = (await c.call(
          "POST",
          `/api/v1/issuers/${seg(made.id)}/refresh`,
        )) as RefreshLine;
        emit(cmd, { issuer: made, refresh: refreshed }, () =>
          [`trusted: ${line(made)}`, refreshLine(refreshed)].join("\n"),
        );
        if (!refreshed.ok) process.exitCode = EXIT.failure;
      });
    });
  issuers
    .command("list")
    .description("trusted issuers, with their keys and whether they are stale")
    .action(async (_o: unknown, cmd: Command) => {
      emit(
        cmd,
        await withClient(cmd, (c) => c.call("GET", "/api/v1/issuers")),
        (rows: IssuerLine[]) =>
          rows.length === 0 ? "no trusted issuers" : rows.map(line).join("\n"),
      );
    });
  issuers
    .command("show <id>")
    .description("one issuer (by id or issuer URL), every field")
    .action(async (id: string, _o: unknown, cmd: Command) => {
      emit(cmd, await withClient(cmd, (c) => c.call("GET", `/api/v1/issuers/${seg(id)}`)));
    });
  issuers
    .command("remove <id>")
    .description("stop trusting an issuer (by id or issuer URL)")
    .action(async (id: string, _o: unknown, cmd: Command) => {
      const res = (await withClient(cmd, (c) =>
        c.call("DELETE", `/api/v1/issuers/${seg(id)}`),
      )) as IssuerLine;
      emit(cmd, res, (i: IssuerLine) => `removed: ${i.id}  ${i.iss}`);
    });
  issuers
    .command("refresh [id]")
    .description("fetch keys now: one issuer (id or URL) or all; a failure keeps the old keys")
    .action(async (id: string | undefined, _o: unknown, cmd: Command) => {
      const results = await withClient(cmd, async (c) =>
        id === undefined
          ? ((await c.call("POST", "/api/v1/issuers/refresh")) as RefreshLine[])
          : [(await c.call("POST", `/api/v1/issuers/${seg(id)}/refresh`)) as RefreshLine],
      );
      emitRefresh(cmd, results);
    });
}
