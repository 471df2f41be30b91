import type { Ban, BanCommon, BanKey } from "../ban.model.js";

/**
 * The fixed bans behind the golden ban files: every kind, two issuers, site-limited ones, a
 * pending one, and a lifted and an expired one that no file may ban (the FTS and EOS scripts,
 * which only add bans, undo the lifted identity ban). Time is NOW.
 */
export const NOW = new Date("2026-03-01T09:00:00.000Z");
export const ISS_A = "https://iam.example.org/";
export const ISS_B = "https://cms-auth.example.ch/";

function ban(id: string, key: BanKey, over: Partial<BanCommon> = {}): Ban {
  return {
    id,
    iss: ISS_A,
    reason: "test ban",
    incident: null,
    author: "responder",
    createdAt: "2026-02-20T10:00:00.000Z",
    startsAt: "2026-02-20T10:00:00.000Z",
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

export const GOLDEN_BANS: readonly Ban[] = [
  ban(
    "ban_token",
    { kind: "token", jti: "3f1c9e2a-7b4d-4c1e-9a55-0d2f6b8e1a77" },
    {
      reason: "access token pasted into a public CI log",
      incident: "INC-42",
      expiresAt: "2026-03-01T12:00:00.000Z",
    },
  ),
  ban(
    "ban_identity",
    { kind: "identity", sub: "a1b2c3d4-0000-4000-8000-000000000001" },
    { reason: "refresh token stolen from a laptop", incident: "INC-42" },
  ),
  ban(
    "ban_identity_cern",
    { kind: "identity", sub: "e83eec5a-e2e3-43c6-bb67-df8f5ec3e8d0" },
    { iss: ISS_B, reason: "compromised account, CERN only", sites: ["CERN-PROD"] },
  ),
  ban(
    "ban_before",
    {
      kind: "identity-before",
      sub: "a1b2c3d4-0000-4000-8000-000000000002",
      issuedBefore: "2026-02-28T00:00:00.000Z",
    },
    { reason: "tokens minted before the password reset" },
  ),
  ban(
    "ban_client",
    { kind: "client", clientId: "rucio-prod-client" },
    { reason: "client secret leaked" },
  ),
  ban(
    "ban_group",
    { kind: "group", group: "/atlas/compromised" },
    { reason: "group used by the attacker" },
  ),
  ban(
    "ban_issuer_desy",
    { kind: "issuer" },
    { iss: ISS_B, reason: "issuer signing key compromised", sites: ["DESY-HH"] },
  ),
  ban(
    "ban_pending",
    { kind: "identity", sub: "a1b2c3d4-0000-4000-8000-000000000003" },
    { reason: "scheduled: account handed over", startsAt: "2026-03-02T00:00:00.000Z" },
  ),
  ban(
    "ban_desy_only",
    { kind: "identity", sub: "a1b2c3d4-0000-4000-8000-000000000004" },
    { reason: "DESY-only ban", sites: ["DESY-HH"] },
  ),
  ban(
    "ban_lifted",
    { kind: "identity", sub: "lifted-subject" },
    {
      reason: "mistake",
      state: "lifted",
      liftedAt: "2026-02-21T00:00:00.000Z",
      liftedBy: "responder",
      liftReason: "wrong person",
    },
  ),
  ban(
    "ban_expired",
    { kind: "token", jti: "expired-jti" },
    { reason: "old token", expiresAt: "2026-02-21T00:00:00.000Z" },
  ),
];

/** Options that make every format write something: storage areas, op alias, EOS account. */
export const GOLDEN_OPTIONS = {
  dcache: { ops: { [ISS_A]: "iam" } },
  storm: { storageAreas: ["atlas", "cms"] },
  eos: {
    users: [
      { iss: ISS_A, sub: "a1b2c3d4-0000-4000-8000-000000000001", user: "jdoe" },
      { iss: ISS_A, sub: "lifted-subject", user: "rroe" },
    ],
  },
};
