import { z } from "zod";
import { SiteName } from "../bans/index.js";
import { DEFAULT_JWT_LIMITS } from "../tokens/index.js";

/** The longest token accepted anywhere (the decoder's own limit, so both refuse the same). */
export const MAX_TOKEN_CHARS = DEFAULT_JWT_LIMITS.maxTokenBytes;

/** A raw token in a body: a string of sane length. Its structure is the decoder's to judge. */
export const TokenString = z
  .string()
  .min(1, "must not be empty")
  .max(MAX_TOKEN_CHARS, `longer than ${MAX_TOKEN_CHARS} characters: not a token we accept`);

/**
 * A claim set: a JSON object. Only its shape is checked here, and the object is passed on as it
 * is: its values are judged by the matcher, which never trusts them and reads own properties
 * only (a record schema would copy every claim of every decision for nothing).
 */
export const ClaimSet = z
  .custom<Record<string, unknown>>(
    (v) => typeof v === "object" && v !== null && !Array.isArray(v),
    "must be a JSON object of claims",
  )
  .meta({ type: "object", description: "A decoded JWT payload (claims), matched only" });

/** `POST /api/v1/decisions`: exactly one of token and claims, and optionally the asking site. */
export const DecisionBody = z
  .strictObject({
    token: TokenString.optional(),
    claims: ClaimSet.optional(),
    site: SiteName.optional(),
  })
  .superRefine((b, ctx) => {
    if ((b.token === undefined) === (b.claims === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [],
        message: "give exactly one of token (verified, then matched) and claims (matched only)",
      });
    }
  });
export type DecisionBodyInput = z.infer<typeof DecisionBody>;
