import assert from "node:assert/strict";
import { storeKinds } from "../../src/test-support/stores.js";
import type { Browser } from "./browser.js";
import { startProvider, type ProviderProcess } from "./provider-process.js";
import { startTtt, type TttServer } from "./ttt-server.js";

export const CALLBACK = "/api/v1/auth/oidc/callback";
const SECRET = "a-confidential-client-secret";
const ROLE_MAP = {
  "/wlcg/ttt/admins": "admin",
  "/wlcg/ttt/facilitators": "facilitator",
  "/wlcg/ttt/assessors": "assessor",
};

/** The store kinds that run here (PostgreSQL when reachable). */
export const kinds = (await storeKinds()).filter((k) => k.skip === undefined).map((k) => k.name);

/** Provider accounts are per store kind, so each server's users start fresh. */
export const person = (kind: string, who: string) => `${who}-at-${kind}`;

/**
 * One real provider and one TTT server per store kind, all with the confidential client
 * `ttt-confidential`, the role map above and default role "none"; accounts alice
 * (facilitator), bob (assessor), mallory (no mapped group) and root (preferred_username
 * "Admin", facilitator) per kind.
 */
export interface World {
  idp: ProviderProcess;
  server(kind: string): TttServer;
  close(): Promise<void>;
}

export async function confidentialWorld(): Promise<World> {
  const idp = await startProvider();
  const servers = new Map<string, TttServer>();
  const close = async () => {
    for (const s of servers.values()) await s.close();
    await idp.stop();
  };
  try {
    for (const kind of (await storeKinds()).filter((k) => k.skip === undefined)) {
      const env = {
        TTT_OIDC_ISSUER: idp.issuer,
        TTT_OIDC_CLIENT_ID: "ttt-confidential",
        TTT_OIDC_CLIENT_SECRET: SECRET,
        TTT_OIDC_NAME: "Test IdP",
        TTT_OIDC_ROLE_MAP: JSON.stringify(ROLE_MAP),
      };
      servers.set(kind.name, await startTtt(await kind.open(), env));
    }
    const accounts: Record<string, object> = {};
    for (const kind of kinds) {
      const p = (who: string) => person(kind, who);
      accounts[p("alice")] = {
        preferred_username: "alice",
        name: "Alice A.",
        groups: ["/x", "/wlcg/ttt/facilitators"],
      };
      accounts[p("bob")] = { preferred_username: "bob", groups: ["/wlcg/ttt/assessors"] };
      accounts[p("mallory")] = { preferred_username: "mallory", groups: ["/somewhere/else"] };
      accounts[p("root")] = { preferred_username: "Admin", groups: ["/wlcg/ttt/facilitators"] };
    }
    await idp.configure({
      clients: [
        {
          client_id: "ttt-confidential",
          client_secret: SECRET,
          redirect_uris: [...servers.values()].map((s) => `${s.base}${CALLBACK}`),
        },
      ],
      accounts,
    });
  } catch (err) {
    await close();
    throw err;
  }
  return {
    idp,
    server: (kind) => servers.get(kind) ?? assert.fail(`no server for ${kind}`),
    close,
  };
}

/** GET /api/v1/auth/me with the browser's session cookie. */
export async function me(t: TttServer, browser: Browser) {
  const res = await fetch(`${t.base}/api/v1/auth/me`, {
    headers: { cookie: `ttt_session=${browser.cookie(t.base, "ttt_session") ?? ""}` },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The error code of a redirect to /login, or a message saying it was no refusal. */
export const errorOf = (final: URL | undefined) =>
  final?.pathname === "/login" ? final.searchParams.get("error") : `not refused: ${final?.href}`;
