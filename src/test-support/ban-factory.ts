import type { Ban, BanCommon, BanKey } from "../bans/ban.model.js";

/** The issuer of test bans unless a test names another. */
export const TEST_ISS = "https://iam.example.org/";

let counter = 0;

/**
 * Builds a ban for tests and benchmarks: active at every site with no expiry, starting at
 * 2026-01-01T00:00Z, so a test passes only what it is about.
 */
export function makeBan(key: BanKey, over: Partial<BanCommon> = {}): Ban {
  return {
    id: `ban-${++counter}`,
    iss: TEST_ISS,
    reason: "test ban",
    incident: null,
    author: "responder",
    createdAt: "2026-01-01T00:00:00.000Z",
    startsAt: "2026-01-01T00:00:00.000Z",
    expiresAt: null,
    sites: "all",
    state: "active",
    liftedAt: null,
    liftedBy: null,
    liftReason: null,
    ...over,
    ...key,
  };
}
