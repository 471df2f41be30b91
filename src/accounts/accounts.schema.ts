import { z } from "zod";
import { SiteName } from "../core/validation.js";
import { Role } from "./roles.js";

/** zod schemas of the accounts HTTP API; the OpenAPI document is generated from them. */
export const UserName = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,63}$/,
    "lower-case letters, digits, . _ - (1–64, starting with a letter or digit)",
  );
export const Password = z.string().min(8, "at least 8 characters").max(1024);

export const LoginBody = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
});
export const CreateUserBody = z.strictObject({
  name: UserName,
  role: Role,
  password: Password.optional(),
  displayName: z.string().max(200).optional(),
  site: SiteName.optional().describe(
    "role site only: the site this account speaks for; its log uploads are labelled with it and may not name another",
  ),
});
export const UpdateUserBody = z
  .strictObject({
    role: Role.optional(),
    disabled: z.boolean().optional(),
    password: Password.optional(),
    site: SiteName.nullable()
      .optional()
      .describe("role site only: the site this account speaks for; null unbinds it"),
  })
  .refine((b) => Object.keys(b).length > 0, "give at least one of role, disabled, password, site");
export const UserParams = z.strictObject({ name: UserName });
export const CreateTokenBody = z.strictObject({
  user: UserName.optional(),
  label: z.string().min(1).max(200).default("api token"),
});
export const TokenParams = z.strictObject({ id: z.string().min(1).max(100) });
export const TokenQuery = z.strictObject({ user: UserName.optional() });
