import { z } from "zod";

/**
 * Where to go after logging in: a path on this site only. "//host" and "/\host" are read by
 * browsers as other origins, so a leading slash must not be followed by either.
 */
export const ReturnPath = z
  .string()
  .max(2000)
  .regex(/^\/(?![/\\])[^\s\\]*$/, "a path on this site, starting with a single /");

export const OidcLoginQuery = z.strictObject({ return: ReturnPath.optional() });

const Param = z.union([z.string(), z.array(z.string())]).optional();
/** The authorization response as the provider sends it; openid-client validates it in full. */
export const OidcCallbackQuery = z.looseObject({
  code: Param,
  state: Param,
  iss: Param,
  error: Param,
  error_description: Param,
});

export const OidcStatus = z.object({ enabled: z.boolean(), name: z.string().optional() });
