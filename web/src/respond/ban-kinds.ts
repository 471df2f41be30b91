/**
 * What each ban kind stops and where a ban file can enforce it. The enforceability facts come
 * from the server's own table (src/bans/export/enforceability.ts, pure constants), so the form
 * and the generated ban files can never disagree.
 */
import { BAN_KINDS, BROAD_KINDS } from "../../../src/bans/ban.model.js";
import { ENFORCEABILITY, type SupportLevel } from "../../../src/bans/export/enforceability.js";
import { MIDDLEWARES } from "../../../src/bans/export/formats.js";
import type { BanKind, Middleware } from "../api/respond.js";

/** Narrowest first, as the server lists them. */
export const KINDS: readonly BanKind[] = BAN_KINDS;
export const MIDDLEWARE_LIST: readonly Middleware[] = MIDDLEWARES;

export function isBroad(kind: BanKind): boolean {
  return BROAD_KINDS.includes(kind);
}

export function isBanKind(v: string | null): v is BanKind {
  return v !== null && (KINDS as readonly string[]).includes(v);
}

export const MIDDLEWARE_NAMES: Record<Middleware, string> = {
  dcache: "dCache",
  storm: "StoRM",
  arc: "ARC CE",
  condor: "HTCondor-CE",
  xrootd: "XRootD",
  fts: "FTS",
  eos: "EOS",
};

export const KIND_INFO: Record<BanKind, { title: string; stops: string }> = {
  token: {
    title: "Token",
    stops: "one stolen token (iss + jti); the holder's other tokens still work",
  },
  identity: {
    title: "Identity",
    stops: "every token of one identity (iss + sub), old and new",
  },
  "identity-before": {
    title: "Identity, tokens issued before a time",
    stops: "tokens of one identity issued at or before a cutoff; tokens issued later still work",
  },
  client: {
    title: "Client",
    stops: "every token issued to one client (client_id or azp), whoever it acts for",
  },
  group: {
    title: "Group",
    stops: "every token of every member of a group (and its subgroups where supported)",
  },
  issuer: {
    title: "Issuer",
    stops: "every token of the whole issuer (the VO): a last resort",
  },
};

/** The middleware at each support level for a kind, in the server's order. */
export function enforcement(kind: BanKind): Record<SupportLevel, Middleware[]> {
  const out: Record<SupportLevel, Middleware[]> = { full: [], partial: [], none: [] };
  for (const m of MIDDLEWARE_LIST) out[ENFORCEABILITY[m][kind].level].push(m);
  return out;
}

export function supportLevel(m: Middleware, kind: BanKind): SupportLevel {
  return ENFORCEABILITY[m][kind].level;
}

/** How `m` enforces `kind`, in the words of the server's table. */
export function enforcementNote(m: Middleware, kind: BanKind): string {
  return ENFORCEABILITY[m][kind].note;
}

/** One line: where ban files enforce this kind fully, partly, or not at all. */
export function enforcementLine(kind: BanKind): string {
  const e = enforcement(kind);
  const names = (l: Middleware[]) => l.map((m) => MIDDLEWARE_NAMES[m]).join(", ");
  const parts: string[] = [];
  if (e.full.length > 0) parts.push(`enforced at ${names(e.full)}`);
  if (e.partial.length > 0) parts.push(`partly at ${names(e.partial)}`);
  if (e.none.length > 0) parts.push(`not at ${names(e.none)}`);
  const line = parts.join("; ");
  return line.charAt(0).toUpperCase() + line.slice(1);
}
