/**
 * Parsing of the `scope` claim as the WLCG profile defines it (§2.2.1): space-separated
 * authorizations `$AUTHZ[:$PATH]`, where storage.* MUST carry an absolute, normalised path
 * ("if not specified for these scopes, the token MUST be rejected") and compute.* may. Other
 * scopes (openid, offline_access, wlcg, wlcg.groups:…) are kept as they are. Used by the linter
 * (syntax findings, breadth) and the workflow guess (breadth, activity). Pure.
 */
import { quote } from "./jwks-select.js";
import { COMPUTE_OPERATIONS, STORAGE_OPERATIONS } from "./wlcg-profile.js";

export type StorageOperation = (typeof STORAGE_OPERATIONS)[number];
export type ComputeOperation = (typeof COMPUTE_OPERATIONS)[number];

export type ScopeEntry =
  | { kind: "storage"; operation: StorageOperation; path: string; raw: string }
  | { kind: "compute"; operation: ComputeOperation; path: string | null; raw: string }
  | { kind: "other"; raw: string };

export interface ScopeIssue {
  /** `syntax`: violates the profile or RFC 6749 §3.3; `unknown`: a storage./compute. name the profile does not define. */
  rule: "syntax" | "unknown";
  message: string;
}

export interface ParsedScopes {
  /** Well-formed entries only; a malformed one is reported in `issues` instead. */
  entries: ScopeEntry[];
  issues: ScopeIssue[];
}

/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** RFC 3986 §3.3 path characters (pchar and "/"), with %-escapes checked separately. */
const PATH_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$/;

export function parseScopes(scope: string): ParsedScopes {
  const entries: ScopeEntry[] = [];
  const issues: ScopeIssue[] = [];
  const parts = scope.split(" ");
  if (parts.some((p) => p.length === 0)) {
    issues.push({
      rule: "syntax",
      message: "scope has empty elements (leading, trailing or repeated spaces)",
    });
  }
  for (const raw of parts) {
    if (raw.length === 0) continue;
    if (!SCOPE_TOKEN.test(raw)) {
      issues.push({
        rule: "syntax",
        message: `scope ${quote(raw)} has characters RFC 6749 §3.3 does not allow (whitespace, quote, backslash or non-ASCII)`,
      });
      continue;
    }
    const parsed = parseOne(raw);
    if ("message" in parsed) issues.push(parsed);
    else entries.push(parsed);
  }
  return { entries, issues };
}

function parseOne(raw: string): ScopeEntry | ScopeIssue {
  const family = raw.startsWith("storage.")
    ? "storage"
    : raw.startsWith("compute.")
      ? "compute"
      : null;
  if (family === null) return { kind: "other", raw };
  const colon = raw.indexOf(":");
  const name = colon < 0 ? raw : raw.slice(0, colon);
  const path = colon < 0 ? null : raw.slice(colon + 1);
  const operation = name.slice(family.length + 1);
  const known: readonly string[] = family === "storage" ? STORAGE_OPERATIONS : COMPUTE_OPERATIONS;
  if (!known.includes(operation)) {
    return {
      rule: "unknown",
      message: `${quote(name)} is not a ${family} authorization the profile defines (${known.map((o) => `${family}.${o}`).join(", ")})`,
    };
  }
  if (family === "storage" && (path === null || path.length === 0)) {
    return {
      rule: "syntax",
      message: `${quote(raw)} has no path: for storage.* the profile requires one (may be "/") and says the token MUST otherwise be rejected`,
    };
  }
  if (path !== null) {
    const problem = pathProblem(path);
    if (problem !== null) return { rule: "syntax", message: `${quote(raw)}: path ${problem}` };
  }
  return family === "storage"
    ? { kind: "storage", operation: operation as StorageOperation, path: path ?? "/", raw }
    : { kind: "compute", operation: operation as ComputeOperation, path, raw };
}

/**
 * Why `path` is not an absolute, RFC 3986 §6-normalised, URL-escaped path (profile §2.2.1:
 * "A token issuer MUST utilize absolute paths and normalize them"), or null.
 */
export function pathProblem(path: string): string | null {
  if (path.length === 0) return "is empty";
  if (!path.startsWith("/")) return "is not absolute";
  if (!PATH_CHARS.test(path)) return "has characters that must be URL-escaped";
  if (/%(?![0-9A-Fa-f]{2})/.test(path)) return "has a broken %-escape";
  const segments = path.split("/").slice(1);
  if (segments.some((s) => s === "." || s === "..")) return "has dot segments (not normalised)";
  if (path.includes("//")) return "has empty segments (not normalised)";
  return null;
}

/** The storage entries of a parsed scope that cover the VO's whole area (`$PATH` = "/"). */
export function rootStorage(
  entries: readonly ScopeEntry[],
): Extract<ScopeEntry, { kind: "storage" }>[] {
  return entries.filter(
    (e): e is Extract<ScopeEntry, { kind: "storage" }> => e.kind === "storage" && e.path === "/",
  );
}
