// A real transmitter (feedApp: the app with the feed on a real SQLite store, listening on
// loopback, on the real clock) and helpers to configure agents against it.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { systemClock } from "../../src/core/clock.js";
import {
  ISSUER,
  feedApp,
  type FeedApp,
  type Headers,
} from "../../src/feed/transmitter/transmitter.fixture.js";
import { openStore } from "../../src/store/index.js";

export const SITE = "CERN-PROD";
export const TOKEN_ISS = "https://iam.example.org/";

export interface Central {
  t: FeedApp;
  site: Headers;
  siteToken: string;
  responder: Headers;
  dir: string;
  ban(body: object): Promise<{ id: string }>;
  lift(id: string): Promise<void>;
  /** The central export for the site, as the transmitter renders it. */
  exported(format: string): Promise<string>;
  close(): Promise<void>;
}

export async function central(): Promise<Central> {
  const t = await feedApp(await openStore({ dataDir: "", sqliteFile: ":memory:" }), {
    clock: systemClock,
  });
  const site = await t.as("site", SITE);
  const responder = await t.as("responder");
  const dir = mkdtempSync(join(tmpdir(), "ttt-agent-test-"));
  return {
    t,
    site,
    siteToken: site.authorization.slice("Bearer ".length),
    responder,
    dir,
    ban: (body) =>
      t.call(responder, "POST", "/api/v1/bans", { iss: TOKEN_ISS, reason: "stolen", ...body }),
    async lift(id) {
      await t.call(responder, "POST", `/api/v1/bans/${id}/lift`, { reason: "cleared" });
    },
    async exported(format) {
      const r = await t.call(
        responder,
        "GET",
        `/api/v1/bans/export?format=${format}&site=${SITE}&as=json`,
      );
      return r.content as string;
    },
    async close() {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An agent configuration (as parsed YAML) against the central transmitter. */
export function agentConfig(c: Central, name: string, extra: Record<string, unknown> = {}) {
  return {
    site: SITE,
    stateDir: join(c.dir, name, "state"),
    transmitter: { url: c.t.url, issuer: ISSUER },
    delivery: { method: "poll", intervalSec: 0.1 },
    http: { listen: "127.0.0.1:0" },
    retry: { minSec: 0.05, maxSec: 0.2 },
    outputs: [
      { format: "json", path: join(c.dir, name, "out", "bans.json") },
      { format: "dcache", path: join(c.dir, name, "out", "ban.conf") },
    ],
    ...extra,
  };
}

/** A file's content with the generation time blanked (it differs between two renderings). */
export function normalized(content: string): string {
  return content
    .replace(/Generated at \S+ for/g, "Generated at <t> for")
    .replace(/"generatedAt": "[^"]+"/g, '"generatedAt": "<t>"');
}

export function readOr(path: string, fallback = ""): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return fallback;
  }
}

/** True when the agent's file equals the central export (generation time aside). */
export async function converged(c: Central, path: string, format: string): Promise<boolean> {
  return normalized(readOr(path)) === normalized(await c.exported(format));
}

export { eventually } from "../../src/feed/transmitter/transmitter.fixture.js";
export type { FeedApp, Headers };
