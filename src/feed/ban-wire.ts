/**
 * The ban as it travels inside a TTT event: the wire format `v1`, in snake_case like every
 * other SET member. Defined here once — TypeScript type, zod schema and the two mappings — so
 * the wire cannot drift from the model unnoticed: `wireToBan(banToWire(b))` equals `b` for
 * every ban (tested).
 *
 * The schema is the receiving edge of a site agent, so it refuses what would be unsafe to
 * write into a middleware's ban file (control characters, line breaks, unbounded lengths,
 * site names outside the site-name syntax), but it does not re-apply the creation rules
 * (https issuers, confirmBroad …): those were the transmitter's to enforce, and an agent that
 * refused a ban the centre holds would silently diverge from it.
 */
import { z } from "zod";
import { MAX_ISS_LENGTH, MAX_KEY_LENGTH, SiteName, type Ban, type BanKey } from "../bans/index.js";

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const line = (max: number) =>
  z
    .string()
    .min(1, "must not be empty")
    .max(max)
    .refine((s) => !CONTROL.test(s), "must not contain control characters");

const Iss = line(MAX_ISS_LENGTH);
const Key = line(MAX_KEY_LENGTH);
/** Times are exchanged exactly as the model keeps them: UTC, milliseconds, `Z`. */
const Time = z.iso.datetime({
  precision: 3,
  error: "must be a UTC time like 2026-01-31T12:00:00.000Z",
});

const common = {
  id: line(200),
  iss: Iss,
  reason: line(1000),
  incident: line(200).nullable(),
  author: line(200),
  created_at: Time,
  starts_at: Time,
  expires_at: Time.nullable(),
  sites: z.union([
    z.literal("all"),
    z
      .array(SiteName)
      .min(1)
      .max(1000)
      .refine((l) => new Set(l).size === l.length, "lists a site twice"),
  ]),
  state: z.enum(["active", "lifted"]),
  lifted_at: Time.nullable(),
  lifted_by: line(200).nullable(),
  lift_reason: line(1000).nullable(),
};

export const WireBanSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("token"), jti: Key, ...common }),
    z.strictObject({ kind: z.literal("identity"), sub: Key, ...common }),
    z.strictObject({
      kind: z.literal("identity-before"),
      sub: Key,
      issued_before: Time,
      ...common,
    }),
    z.strictObject({ kind: z.literal("client"), client_id: Key, ...common }),
    z.strictObject({ kind: z.literal("group"), group: Key, ...common }),
    z.strictObject({ kind: z.literal("issuer"), ...common }),
  ])
  .superRefine((b, ctx) => {
    if (b.expires_at !== null && Date.parse(b.expires_at) <= Date.parse(b.starts_at)) {
      ctx.addIssue({ code: "custom", path: ["expires_at"], message: "must be after starts_at" });
    }
    const liftFields = [b.lifted_at, b.lifted_by, b.lift_reason];
    if (b.state === "lifted" && liftFields.some((v) => v === null)) {
      ctx.addIssue({
        code: "custom",
        path: ["state"],
        message: "a lifted ban has lifted_at, lifted_by and lift_reason",
      });
    }
    if (b.state === "active" && liftFields.some((v) => v !== null)) {
      ctx.addIssue({
        code: "custom",
        path: ["state"],
        message: "an active ban has no lifted_at, lifted_by or lift_reason",
      });
    }
  });
export type WireBan = z.infer<typeof WireBanSchema>;

type WireKey =
  | { kind: "token"; jti: string }
  | { kind: "identity"; sub: string }
  | { kind: "identity-before"; sub: string; issued_before: string }
  | { kind: "client"; client_id: string }
  | { kind: "group"; group: string }
  | { kind: "issuer" };

/** The wire form of a ban. */
export function banToWire(ban: Ban): WireBan {
  return {
    id: ban.id,
    ...wireKey(ban),
    iss: ban.iss,
    reason: ban.reason,
    incident: ban.incident,
    author: ban.author,
    created_at: ban.createdAt,
    starts_at: ban.startsAt,
    expires_at: ban.expiresAt,
    sites: ban.sites === "all" ? "all" : [...ban.sites],
    state: ban.state,
    lifted_at: ban.liftedAt,
    lifted_by: ban.liftedBy,
    lift_reason: ban.liftReason,
  };
}

/** The ban a validated wire form stands for. */
export function wireToBan(w: WireBan): Ban {
  return {
    id: w.id,
    iss: w.iss,
    ...modelKey(w),
    reason: w.reason,
    incident: w.incident,
    author: w.author,
    createdAt: w.created_at,
    startsAt: w.starts_at,
    expiresAt: w.expires_at,
    sites: w.sites,
    state: w.state,
    liftedAt: w.lifted_at,
    liftedBy: w.lifted_by,
    liftReason: w.lift_reason,
  };
}

function wireKey(key: BanKey): WireKey {
  switch (key.kind) {
    case "token":
      return { kind: "token", jti: key.jti };
    case "identity":
      return { kind: "identity", sub: key.sub };
    case "identity-before":
      return { kind: "identity-before", sub: key.sub, issued_before: key.issuedBefore };
    case "client":
      return { kind: "client", client_id: key.clientId };
    case "group":
      return { kind: "group", group: key.group };
    case "issuer":
      return { kind: "issuer" };
  }
}

function modelKey(key: WireKey): BanKey {
  switch (key.kind) {
    case "token":
      return { kind: "token", jti: key.jti };
    case "identity":
      return { kind: "identity", sub: key.sub };
    case "identity-before":
      return { kind: "identity-before", sub: key.sub, issuedBefore: key.issued_before };
    case "client":
      return { kind: "client", clientId: key.client_id };
    case "group":
      return { kind: "group", group: key.group };
    case "issuer":
      return { kind: "issuer" };
  }
}
