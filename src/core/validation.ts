import { z } from "zod";
import { ValidationError, type FieldIssue } from "./errors.js";

/** `["rows", 2, "id"]` → `rows[2].id`, with an optional prefix such as `body`. */
export function formatIssuePath(path: readonly PropertyKey[], prefix = ""): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(root)" : out;
}

/** zod's message for an absent value; HTTP validation and parseInput both see it. */
export function isMissing(issue: { code?: string; message?: string }): boolean {
  return issue.code === "invalid_type" && /received undefined$/.test(issue.message ?? "");
}

/** zod issues as FieldIssues; an absent value reads "required". */
export function fieldIssues(issues: readonly z.core.$ZodIssue[], prefix = ""): FieldIssue[] {
  return issues.map((issue) => ({
    path: formatIssuePath(issue.path, prefix),
    message: isMissing(issue) ? "required" : issue.message,
  }));
}

/** One message that names the first few problems, for logs and the CLI. */
export function describeIssues(what: string, issues: readonly FieldIssue[]): string {
  const shown = issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`);
  const more = issues.length > 5 ? ` (+${issues.length - 5} more)` : "";
  return `${what}: ${shown.join("; ")}${more}`;
}

/** Parses untrusted input with a schema, or throws a ValidationError naming every bad field. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
  prefix = "",
): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = fieldIssues(result.error.issues, prefix);
  throw new ValidationError(describeIssues(what, issues), issues);
}

/**
 * A compact JWT (three base64url parts, the header's JSON starting `{"`, i.e. `eyJ`): what a
 * pasted bearer token looks like. Fields that are stored, audited and sent to every site refuse
 * it, so a token pasted in the wrong place is never kept (log iss, sub and jti instead).
 */
const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/;
export const looksLikeJwt = (s: string): boolean => JWT_SHAPE.test(s);
export const NO_TOKEN_MESSAGE =
  "looks like a bearer token (JWT): give its jti or sub, never the token itself";

/**
 * Free text a person writes (notes, reasons that may span lines): trimmed, at most `max`
 * characters, tab and line feed allowed, every other control character refused (C0, DEL and
 * the C1 range U+0080–U+009F) — NUL would be refused by PostgreSQL, and escape sequences
 * (ESC [ or the one-character CSI U+009B) would reach terminals reading the audit log.
 */
export function freeText(max: number) {
  return (
    z
      .string()
      .trim()
      .max(max)
      // eslint-disable-next-line no-control-regex -- control characters (but tab, line feed) are refused
      .refine((s) => !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(s), {
        message: "must not contain control characters",
      })
  );
}

/**
 * A site's name as bans list it and a `site` account is bound to (e.g. CERN-PROD): a subset of
 * what ingest accepts as an event's site, so a bound site's events can always be banned by name.
 */
export const SiteName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "letters, digits, . _ - (1–64), e.g. CERN-PROD");
