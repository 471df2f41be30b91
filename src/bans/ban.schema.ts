import { z } from "zod";
import { ValidationError } from "../core/errors.js";
import { NO_TOKEN_MESSAGE, looksLikeJwt, parseInput, SiteName } from "../core/validation.js";
import {
  MAX_ISS_LENGTH,
  MAX_KEY_LENGTH,
  defaultTokenBanExpiry,
  type Ban,
  type BanKey,
} from "./ban.model.js";

/**
 * zod schemas for creating a ban: the HTTP body of POST /api/v1/bans and what the CLI sends.
 * Keys are kept exactly as given (no trimming, no URL normalisation) because they are matched
 * byte for byte against token claims; what could never match a real token is refused instead.
 */

/** C0 and C1 control characters: never in a real claim, and a line break in a key or reason
 * would inject lines into the generated middleware ban files. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const noControl = (s: string) => !CONTROL.test(s);

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Why `iss` is not an acceptable issuer URL, or null if it is. */
export function issuerProblem(iss: string): string | null {
  if (iss !== iss.trim()) return "must not start or end with white space";
  let url: URL;
  try {
    url = new URL(iss);
  } catch {
    return "must be an absolute URL, e.g. https://iam.example.org/";
  }
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) {
    return "must be an https URL (http only for localhost)";
  }
  if (url.username !== "" || url.password !== "") return "must not contain credentials";
  if (iss.includes("?") || iss.includes("#")) return "must not have a query or fragment";
  return null;
}

export const IssuerUrl = z
  .string()
  .min(1)
  .max(MAX_ISS_LENGTH)
  .refine(noControl, "must not contain control characters")
  .superRefine((iss, ctx) => {
    const problem = issuerProblem(iss);
    if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
  });

/** A jti, sub, client id or group: matched exactly, so bounded and free of control characters. */
export const BanKeyString = z
  .string()
  .min(1, "must not be empty")
  .max(MAX_KEY_LENGTH)
  .refine(noControl, "must not contain control characters");

/**
 * A key of a ban being made: never a pasted token. Only new bans are refused one; reading
 * stored bans and ban files keeps BanKeyString, so a ban made before this rule still loads (a
 * file the condor plugin could not parse would reject every token at the site).
 */
const NewBanKey = BanKeyString.refine((s) => !looksLikeJwt(s), NO_TOKEN_MESSAGE);

/** One line of free text (reason, incident, lift reason); never a pasted token. */
const Line = (max: number) =>
  z
    .string()
    .min(1, "must not be empty")
    .max(max)
    .refine(noControl, "must be a single line")
    .refine((s) => !looksLikeJwt(s), NO_TOKEN_MESSAGE);

/** An ISO 8601 time with Z or an offset, normalised to UTC milliseconds (…T12:00:00.000Z). */
export const IsoTime = z.iso
  .datetime({
    offset: true,
    // An absent value keeps zod's own message, which the HTTP layer reports as "required".
    error: (issue) =>
      issue.input === undefined
        ? undefined
        : "must be an ISO 8601 time such as 2026-01-31T12:00:00Z",
  })
  .transform((s) => new Date(s).toISOString());

export { SiteName };

export const BanSitesSchema = z.union([
  z.literal("all"),
  z
    .array(SiteName)
    .min(1, 'list at least one site, or use "all"')
    .max(1000)
    .refine((l) => new Set(l).size === l.length, "lists a site twice"),
]);

const common = {
  iss: IssuerUrl,
  reason: Line(1000),
  incident: Line(200).nullable().optional(),
  startsAt: IsoTime.optional(),
  /** Absent: the default (token bans: one hour after the token's exp when known); null: never. */
  expiresAt: IsoTime.nullable().optional(),
  sites: BanSitesSchema.default("all"),
};

/**
 * The latest token exp a token ban accepts: its default expiry (exp + 1 h) must still be a
 * four-digit-year time, which every ban file and the json list can carry.
 */
const MAX_TOKEN_EXP = 253402300799 - 3600;

/** Required `true` on group and issuer bans, with a message that says why. */
const confirmBroad = (message: string) => z.literal(true, { error: message });
const optionalConfirm = { confirmBroad: z.boolean().optional() };

/**
 * The create-ban body; `confirm` makes the confirmBroad field of group and issuer bans (given
 * the message that says why it is needed).
 */
const banBody = <C extends z.ZodType>(confirm: (message: string) => C) =>
  z
    .discriminatedUnion("kind", [
      z.strictObject({
        kind: z.literal("token"),
        jti: NewBanKey,
        /** The token's exp (epoch seconds) when known: without expiresAt, the ban ends 1 h after. */
        tokenExp: z.number().int().min(0).max(MAX_TOKEN_EXP).optional(),
        ...common,
        ...optionalConfirm,
      }),
      z.strictObject({
        kind: z.literal("identity"),
        sub: NewBanKey,
        ...common,
        ...optionalConfirm,
      }),
      z.strictObject({
        kind: z.literal("identity-before"),
        sub: NewBanKey,
        issuedBefore: IsoTime,
        ...common,
        ...optionalConfirm,
      }),
      z.strictObject({
        kind: z.literal("client"),
        clientId: NewBanKey,
        ...common,
        ...optionalConfirm,
      }),
      z.strictObject({
        kind: z.literal("group"),
        group: NewBanKey,
        ...common,
        confirmBroad: confirm(
          "a group ban denies every member of the group: set confirmBroad to true to confirm",
        ),
      }),
      z.strictObject({
        kind: z.literal("issuer"),
        ...common,
        confirmBroad: confirm(
          "an issuer ban denies every token of the whole issuer (the VO): set confirmBroad to true to confirm",
        ),
      }),
    ])
    .superRefine((b, ctx) => {
      if (b.startsAt !== undefined && typeof b.expiresAt === "string") {
        if (Date.parse(b.expiresAt) <= Date.parse(b.startsAt)) {
          ctx.addIssue({ code: "custom", path: ["expiresAt"], message: "must be after startsAt" });
        }
      }
    });
export const CreateBanBody = banBody(confirmBroad);
/**
 * The HTTP edge's schema: the same, except that a group or issuer ban without confirmBroad gets
 * through to the service, which refuses it with the number of known identities it would cover.
 */
export const CreateBanRequest = banBody(() => z.boolean().optional());
export type CreateBanInput = z.infer<typeof CreateBanBody>;

/** Parses a create-ban body, or throws a ValidationError naming every bad field. */
export function parseCreateBan(input: unknown, prefix = "body"): CreateBanInput {
  return parseInput(CreateBanBody, input, "invalid ban", prefix);
}

/** Just what names a group or issuer ban's target, read loosely from a refused create body. */
const BroadTarget = z.object({
  kind: z.enum(["group", "issuer"]),
  iss: z.string().min(1).max(MAX_ISS_LENGTH),
  group: z.string().min(1).max(MAX_KEY_LENGTH).optional(),
});

/**
 * The issuer and group (null for an issuer ban) a create body names for a broad ban, or null
 * when it names none usable: to tell the responder how many identities it would cover.
 */
export function broadTarget(input: unknown): { iss: string; group: string | null } | null {
  const r = BroadTarget.safeParse(input);
  if (!r.success) return null;
  if (r.data.kind === "issuer") return { iss: r.data.iss, group: null };
  return r.data.group === undefined ? null : { iss: r.data.iss, group: r.data.group };
}

export const LiftBanBody = z.strictObject({ reason: Line(1000) });
export type LiftBanInput = z.infer<typeof LiftBanBody>;

/** What the service supplies when it turns validated input into a ban. */
export interface NewBanContext {
  id: string;
  author: string;
  /** Current time (from the injected clock): createdAt, and startsAt when not given. */
  now: Date;
  /** The banned token's exp (epoch seconds) when known, for a token ban's default expiry. */
  tokenExp?: unknown;
}

/**
 * Builds the stored ban from validated input. Pure: id, author and time come from the caller.
 * The window is checked again here because startsAt may have defaulted to now, and a ban that
 * has already expired when created would silently protect nothing: so is an expiresAt given in
 * the past, whatever startsAt says.
 */
export function toBan(input: CreateBanInput, ctx: NewBanContext): Ban {
  const createdAt = ctx.now.toISOString();
  const startsAt = input.startsAt ?? createdAt;
  let expiresAt = input.expiresAt;
  if (expiresAt === undefined) {
    expiresAt = input.kind === "token" ? defaultTokenBanExpiry(ctx.tokenExp) : null;
  }
  if (expiresAt !== null && Date.parse(expiresAt) <= Date.parse(startsAt)) {
    const message =
      input.expiresAt === undefined
        ? `the token's exp + 1 h (${expiresAt}) is not after startsAt (${startsAt}): give expiresAt`
        : `must be after startsAt (${startsAt})`;
    throw new ValidationError(`invalid ban: expiresAt: ${message}`, [
      { path: "expiresAt", message },
    ]);
  }
  // A window wholly in the past (a mistyped year, a token long expired with a back-dated start)
  // would be stored, audited and sent to every site, and deny nothing.
  if (expiresAt !== null && Date.parse(expiresAt) <= ctx.now.getTime()) {
    const message =
      input.expiresAt === undefined
        ? `the token's exp + 1 h (${expiresAt}) is in the past (now is ${createdAt}): give expiresAt`
        : `is in the past (now is ${createdAt}): a ban that has already expired denies nothing`;
    throw new ValidationError(`invalid ban: expiresAt: ${message}`, [
      { path: "expiresAt", message },
    ]);
  }
  return {
    id: ctx.id,
    iss: input.iss,
    ...keyOf(input),
    reason: input.reason,
    incident: input.incident ?? null,
    author: ctx.author,
    createdAt,
    startsAt,
    expiresAt,
    sites: input.sites,
    state: "active",
    liftedAt: null,
    liftedBy: null,
    liftReason: null,
  };
}

function keyOf(input: CreateBanInput): BanKey {
  switch (input.kind) {
    case "token":
      return { kind: "token", jti: input.jti };
    case "identity":
      return { kind: "identity", sub: input.sub };
    case "identity-before":
      return { kind: "identity-before", sub: input.sub, issuedBefore: input.issuedBefore };
    case "client":
      return { kind: "client", clientId: input.clientId };
    case "group":
      return { kind: "group", group: input.group };
    case "issuer":
      return { kind: "issuer" };
  }
}
