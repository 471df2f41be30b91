/**
 * Lint rules about what a token authorizes and where: audience, scope syntax, groups, and scopes
 * that are broader than the holder should need. Rule ids are stable (`wlcg.scope.broad.compute`
 * …); messages name the offending values. See wlcg-lint.ts for the finding shape. Pure.
 */
import { audienceList } from "./claims-check.js";
import type { JwtClaims } from "./jwt-decode.js";
import { quote } from "./jwks-select.js";
import { claim, type Holder } from "./token-traits.js";
import type { Severity } from "./wlcg-lint.js";
import { ANY_AUDIENCE, REF, WLCG_GROUP_SYNTAX, type TokenKind } from "./wlcg-profile.js";
import { parseScopes, rootStorage, type ScopeEntry } from "./wlcg-scopes.js";

type Emit = (rule: string, severity: Severity, message: string, profileRef: string) => void;

export function lintAuthorization(
  claims: JwtClaims,
  kind: TokenKind,
  holder: Holder,
  emit: Emit,
): void {
  lintAudience(claims, emit);
  const scope = claim(claims, "scope");
  const groups = claim(claims, "wlcg.groups");
  if (kind === "access" && scope === undefined && groups === undefined) {
    emit(
      "wlcg.authz.missing",
      "warning",
      "neither scope nor wlcg.groups: an access token SHOULD carry at least one of them",
      REF.accessClaims,
    );
  }
  if (typeof scope === "string") {
    const parsed = parseScopes(scope);
    for (const issue of parsed.issues) {
      const severity = issue.rule === "syntax" ? "error" : "warning";
      emit(`wlcg.scope.${issue.rule}`, severity, issue.message, REF.scope);
    }
    if (kind === "access") lintBreadth(parsed.entries, holder, emit);
  }
  if (Array.isArray(groups)) lintGroups(groups, emit);
}

function lintAudience(claims: JwtClaims, emit: Emit): void {
  const auds = audienceList(claim(claims, "aud")) ?? [];
  if (auds.includes(ANY_AUDIENCE)) {
    emit(
      "wlcg.aud.any",
      "warning",
      `audience ${quote(ANY_AUDIENCE)} makes the token valid at every relying party: a stolen copy works at every site; specific audiences are one of the profile's mitigations for long-lived tokens (§4.3.1)`,
      REF.commonClaims,
    );
  }
  for (const aud of auds) {
    if (aud === ANY_AUDIENCE) continue;
    if (
      /^https:\/\/[^/]+:443(\/|$)/.test(aud) ||
      (aud.endsWith("/") && /^[a-z]+:\/\//i.test(aud))
    ) {
      emit(
        "wlcg.aud.normalize",
        "info",
        `audience ${quote(aud)} is not normalised (trailing slash or default port); relying parties compare audiences as exact strings`,
        REF.commonClaims,
      );
    }
  }
}

/**
 * Over-broad scopes. On a user token (held on laptops and in shells, the likeliest to leak)
 * any storage scope on "/" covers the VO's whole storage area and any compute scope lets the
 * bearer act at every CE that trusts the VO; storage.modify:/ (overwrite and delete everything)
 * is worth a note on any token, since the profile names "absence of storage.modify" among the
 * mitigations that justify long lifetimes (§4.3.1).
 */
function lintBreadth(entries: readonly ScopeEntry[], holder: Holder, emit: Emit): void {
  const onUser = holder === "user";
  const root = rootStorage(entries);
  if (root.some((e) => e.operation === "modify")) {
    emit(
      "wlcg.scope.broad.storage-modify-root",
      onUser ? "warning" : "info",
      `storage.modify:/ lets the bearer overwrite and delete anything the VO stores${onUser ? ", on a user token" : ""}`,
      REF.scope,
    );
  }
  const otherRoot = root.filter((e) => e.operation !== "modify");
  if (onUser && otherRoot.length > 0) {
    emit(
      "wlcg.scope.broad.storage-root",
      "warning",
      `${otherRoot.map((e) => e.raw).join(", ")} on a user token: covers the VO's whole storage area`,
      REF.scope,
    );
  }
  const compute = entries.filter((e) => e.kind === "compute");
  if (onUser && compute.length > 0) {
    emit(
      "wlcg.scope.broad.compute",
      "warning",
      `${compute.map((e) => e.raw).join(", ")} on a user token: the bearer can act at every computing element that trusts the VO, and CEs map sub to a shared local account, so compute.* may reach other jobs of that account`,
      REF.scope,
    );
  }
}

function lintGroups(groups: readonly unknown[], emit: Emit): void {
  const roots = new Set<string>();
  for (const group of groups) {
    if (typeof group !== "string") continue; // a type finding already covers it
    if (!WLCG_GROUP_SYNTAX.test(group)) {
      emit(
        "wlcg.groups.syntax",
        "error",
        `group ${quote(group)} does not follow group ::= '/' groupname | group '/' groupname`,
        REF.commonClaims,
      );
      continue;
    }
    roots.add(group.split("/")[1] ?? "");
  }
  if (roots.size > 1) {
    emit(
      "wlcg.groups.roots",
      "warning",
      `groups under ${roots.size} roots (${[...roots].map(quote).join(", ")}): the root group MUST be the VO's name and an issuer serves one VO`,
      REF.commonClaims,
    );
  }
}
