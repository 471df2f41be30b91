/**
 * zod schemas of the issuer registry: the body of POST /api/v1/issuers (what the CLI sends
 * too) and of PATCH. The issuer URL follows the ban schema (https; http only for localhost);
 * the JWKS URL the same rule, so keys are only ever fetched over TLS outside tests (the WLCG
 * profile §4.2: "All communication between the resource and the issuer MUST be done over a
 * valid HTTPS connection with hostname verification").
 */
import type { JWK } from "jose";
import { z } from "zod";
import { isLoopbackHost } from "../accounts/index.js";
import { IssuerUrl } from "../bans/index.js";
import { parseInput } from "../core/validation.js";
import { ASYMMETRIC_ALGS } from "../tokens/index.js";
import {
  DEFAULT_ALGORITHMS,
  FETCH_LIMITS,
  ISSUER_MODES,
  REFRESH_HOURS,
  type IssuerConfig,
} from "./issuer.model.js";
import { keyName, publicJwk } from "./public-jwk.js";

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Why `raw` is not a URL we would fetch keys from, or null if it is. */
export function fetchUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "must be an absolute URL, e.g. https://iam.example.org/jwk";
  }
  if (CONTROL.test(raw) || raw !== raw.trim())
    return "must not contain spaces or control characters";
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
    return "must be an https URL (http only for localhost)";
  }
  if (url.username !== "" || url.password !== "") return "must not contain credentials";
  if (raw.includes("#")) return "must not have a fragment";
  return null;
}

export const FetchUrl = z
  .string()
  .min(1)
  .max(2048)
  .superRefine((raw, ctx) => {
    const problem = fetchUrlProblem(raw);
    if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
  });

const ALGORITHM_NAMES = Object.keys(ASYMMETRIC_ALGS);
const Algorithm = z.string().refine((a) => ALGORITHM_NAMES.includes(a), {
  error: (issue) =>
    `${JSON.stringify(issue.input)} is not an accepted signature algorithm (one of ${ALGORITHM_NAMES.join(", ")}; HMAC and none never are)`,
});

const unique = (l: readonly string[]) => new Set(l).size === l.length;

const Audience = z
  .string()
  .min(1, "must not be empty")
  .max(512)
  .refine((s) => !CONTROL.test(s), "must not contain control characters");

/**
 * A static JWKS: `{ "keys": [...] }` with public signing keys only. Each refused key is named
 * with its reason (private members, a symmetric key …).
 */
export const StaticJwks = z
  .looseObject({
    keys: z
      .array(z.unknown())
      .min(1, "list at least one key")
      .max(FETCH_LIMITS.maxKeys, `at most ${FETCH_LIMITS.maxKeys} keys`),
  })
  .superRefine((jwks, ctx) => {
    jwks.keys.forEach((k, i) => {
      const checked = publicJwk(k);
      if (!checked.ok) {
        ctx.addIssue({
          code: "custom",
          path: ["keys", i],
          message: `${keyName(k, i)} ${checked.reason}`,
        });
      }
    });
  });

/**
 * The public parts of a JWKS that StaticJwks accepted. Kept out of the schema (no transform),
 * so the schema's output parses again: the HTTP edge validates, then the service parses anew.
 */
function publicKeys(jwks: { keys: unknown[] }): JWK[] {
  return jwks.keys.flatMap((k) => {
    const checked = publicJwk(k);
    return checked.ok ? [checked.key] : [];
  });
}

const configFields = {
  mode: z.enum(ISSUER_MODES).optional(),
  algorithms: z
    .array(Algorithm)
    .min(1, "accept at least one algorithm")
    .max(ALGORITHM_NAMES.length)
    .refine(unique, "lists an algorithm twice"),
  audiences: z.array(Audience).max(100).refine(unique, "lists an audience twice"),
  refreshHours: z
    .number()
    .min(REFRESH_HOURS.min, `must be at least ${REFRESH_HOURS.min} (15 minutes)`)
    .max(
      REFRESH_HOURS.max,
      `must be at most ${REFRESH_HOURS.max}: the WLCG profile's maximum key cache refresh period`,
    ),
};

/** The key source must fit the mode: offline needs static keys and never a URL. */
function checkKeySource(
  b: { mode?: string | undefined; jwksUri?: unknown; jwks?: unknown },
  ctx: z.RefinementCtx,
): void {
  const hasKeys = b.jwks !== undefined && b.jwks !== null;
  const hasUri = b.jwksUri !== undefined && b.jwksUri !== null;
  const mode = b.mode ?? (hasKeys ? "offline" : "online");
  if (mode === "offline" && !hasKeys) {
    ctx.addIssue({
      code: "custom",
      path: ["jwks"],
      message: "an offline issuer needs static keys (jwks)",
    });
  }
  if (mode === "offline" && hasUri) {
    ctx.addIssue({
      code: "custom",
      path: ["jwksUri"],
      message: "an offline issuer never fetches keys: leave jwksUri out",
    });
  }
  if (mode === "online" && hasKeys) {
    ctx.addIssue({
      code: "custom",
      path: ["jwks"],
      message: 'static keys are for offline issuers: set mode "offline", or give jwksUri instead',
    });
  }
}

export const CreateIssuerBody = z
  .strictObject({
    iss: IssuerUrl,
    /** Default: offline when jwks is given, else online. */
    mode: configFields.mode,
    /** Online: where the keys are; absent: discovered from the issuer's OpenID configuration. */
    jwksUri: FetchUrl.optional(),
    /** Offline: the static public keys. */
    jwks: StaticJwks.optional(),
    algorithms: configFields.algorithms.default([...DEFAULT_ALGORITHMS]),
    audiences: configFields.audiences.default([]),
    refreshHours: configFields.refreshHours.default(REFRESH_HOURS.default),
  })
  .superRefine(checkKeySource);
export type CreateIssuerInput = z.infer<typeof CreateIssuerBody>;

/**
 * A change to an issuer; the issuer URL itself never changes (remove and add instead). Giving
 * any of mode, jwksUri, jwks replaces the key source as a whole; null clears a field.
 */
export const UpdateIssuerBody = z.strictObject({
  mode: configFields.mode,
  jwksUri: FetchUrl.nullable().optional(),
  jwks: z
    .looseObject({ keys: z.array(z.unknown()) })
    .nullable()
    .optional(),
  algorithms: configFields.algorithms.optional(),
  audiences: configFields.audiences.optional(),
  refreshHours: configFields.refreshHours.optional(),
});
export type UpdateIssuerInput = z.infer<typeof UpdateIssuerBody>;

/** Parses a create body into the configuration to store, or throws a ValidationError. */
export function parseIssuerConfig(input: unknown, prefix = "body"): IssuerConfig {
  const b = parseInput(CreateIssuerBody, input, "invalid issuer", prefix);
  const staticKeys = b.jwks === undefined ? null : publicKeys(b.jwks);
  return {
    iss: b.iss,
    mode: b.mode ?? (staticKeys === null ? "online" : "offline"),
    jwksUri: b.jwksUri ?? null,
    staticKeys,
    algorithms: b.algorithms,
    audiences: b.audiences,
    refreshHours: b.refreshHours,
  };
}

/**
 * The create body equivalent to the current configuration with a change applied, so a change
 * is validated by exactly the rules of a new issuer.
 */
export function mergeUpdate(current: IssuerConfig, patch: UpdateIssuerInput): unknown {
  const replacesSource =
    patch.mode !== undefined || patch.jwksUri !== undefined || patch.jwks !== undefined;
  const source = replacesSource
    ? { mode: patch.mode, jwksUri: patch.jwksUri ?? undefined, jwks: patch.jwks ?? undefined }
    : {
        mode: current.mode,
        jwksUri: current.jwksUri ?? undefined,
        jwks: current.staticKeys === null ? undefined : { keys: current.staticKeys },
      };
  const body: Record<string, unknown> = {
    iss: current.iss,
    algorithms: patch.algorithms ?? current.algorithms,
    audiences: patch.audiences ?? current.audiences,
    refreshHours: patch.refreshHours ?? current.refreshHours,
  };
  for (const [k, v] of Object.entries(source)) if (v !== undefined) body[k] = v;
  return body;
}
