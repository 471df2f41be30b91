/**
 * What the inspector derives from a token's claims: the pre-filled ban links (narrowest first)
 * and the facts it links to an incident. Only claims ever go into a URL or a body here, never
 * the token itself.
 */
import type { IncidentTokenBody, InspectReport, WorkflowCandidate } from "../api/respond.js";

/** How long a token ban outlives its token by default (src/bans/ban.model.ts). */
const TOKEN_BAN_GRACE_MS = 60 * 60 * 1000;

function str(claims: Record<string, unknown>, name: string): string | undefined {
  const v = claims[name];
  return typeof v === "string" && v !== "" ? v : undefined;
}

function num(claims: Record<string, unknown>, name: string): number | undefined {
  const v = claims[name];
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** The token's exp + 1 h as ISO, what the server would default a token ban's expiry to. */
export function tokenBanExpiry(exp: number | undefined): string | undefined {
  if (exp === undefined || exp < 0) return undefined;
  const d = new Date(Math.floor(exp * 1000) + TOKEN_BAN_GRACE_MS);
  return Number.isNaN(d.getTime()) || d.getUTCFullYear() > 9999 ? undefined : d.toISOString();
}

export interface BanLink {
  kind: "token" | "identity" | "client";
  label: string;
  /** /bans/new?… pre-filled, or null when the claims do not allow this kind. */
  href: string | null;
  /** Why this kind is not possible, when it is not. */
  why: string | null;
}

export function banLinks(claims: Record<string, unknown>, incident: string | null): BanLink[] {
  const iss = str(claims, "iss");
  const jti = str(claims, "jti");
  const sub = str(claims, "sub");
  const client = str(claims, "client_id") ?? str(claims, "azp");
  const href = (params: Record<string, string | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...params, incident: incident ?? undefined })) {
      if (v !== undefined) q.set(k, v);
    }
    return `/bans/new?${q.toString()}`;
  };
  const noIss = "the token has no iss";
  return [
    {
      kind: "token",
      label: "Ban this token",
      href:
        iss && jti
          ? href({ kind: "token", iss, jti, expires: tokenBanExpiry(num(claims, "exp")) })
          : null,
      why: !iss ? noIss : !jti ? "the token has no jti" : null,
    },
    {
      kind: "identity",
      label: "Ban this identity",
      href: iss && sub ? href({ kind: "identity", iss, sub }) : null,
      why: !iss ? noIss : !sub ? "the token has no sub" : null,
    },
    {
      kind: "client",
      label: "Ban this client",
      href: iss && client ? href({ kind: "client", iss, client }) : null,
      why: !iss ? noIss : !client ? "the token has no client_id or azp" : null,
    },
  ];
}

/**
 * The workflow an incident link records: the guess's best, but never an ambiguous guess (the
 * runner-up is as likely, so the case file would state a coin toss as a fact).
 */
export function workflowToLink(report: InspectReport): WorkflowCandidate | null {
  const guess = report.workflow.guess;
  return guess === null || guess.ambiguous ? null : guess.best;
}

/** The incident's token facts from an inspection, or null when the claims name nothing. */
export function incidentToken(
  report: InspectReport,
  /** The workflow the responder chose (null: none); by default the unambiguous guess. */
  chosen?: string | null,
): IncidentTokenBody | null {
  const c = report.claims;
  const iss = str(c, "iss");
  const sub = str(c, "sub");
  const jti = str(c, "jti");
  const clientId = str(c, "client_id") ?? str(c, "azp");
  const exp = num(c, "exp");
  const workflow =
    chosen === undefined ? workflowToLink(report)?.workflowId : (chosen ?? undefined);
  if (iss === undefined || (sub ?? jti ?? clientId) === undefined) return null;
  return {
    iss,
    ...(sub !== undefined ? { sub } : {}),
    ...(jti !== undefined ? { jti } : {}),
    ...(clientId !== undefined ? { clientId } : {}),
    ...(exp !== undefined && exp >= 0 ? { exp: Math.floor(exp) } : {}),
    ...(workflow !== undefined ? { workflow } : {}),
  };
}
