import { BAN_KINDS, ENFORCEABILITY, MIDDLEWARES, type Middleware } from "../bans/index.js";
import type { Hop, HopComponent, Traceable } from "./handbook.model.js";

/**
 * What each component a token crosses logs about it, and how far those logs identify the token:
 * the "Join keys" table and the per-component sections of docs/middleware-logs.md, condensed to
 * one line each. The handbook copies them into every hop so that a responder sees, before an
 * incident, which hops a jti trace reaches and which only give candidates by subject. `hop()` joins
 * these facts with the bans' enforceability row of the component. Pure.
 */
export interface HopFacts {
  traceable: Traceable;
  /** The log field that identifies the token (or its holder) at this hop. */
  via: string;
  /** What the logs carry, in one line. */
  logs: string;
}

export const IAM_FACTS: HopFacts = {
  traceable: "jti",
  via: "jti in the audit payload; refreshTokenJti links an access token to its refresh token",
  logs: "audit log JSON per token event with the full claim set (iss, sub, jti, client_id, scope) and, since 1.10.2, refreshTokenJti; token exchange only as an INFO line without the subject token's jti",
};

export const FTS_FACTS: HopFacts = {
  traceable: "jti",
  via: "token_id (sha1 prefix of the token), tied to the jti by the token's exp",
  logs: "token daemon lines with token_id, expiration_time and issuer for each exchange and refresh; job owner user_dn = the token's sub; no jti",
};

export const CONDOR_FACTS: HopFacts = {
  traceable: "jti",
  via: "AuthTokenId (= jti) on the job ad, and the jti in the AuditLog payload",
  logs: "schedd AuditLog: the SciToken's full payload, AuthId=<iss>,<sub> and the submitted job, joined by cid; routed jobs link via RoutedFromJobId",
};

export const ARC_FACTS: HopFacts = {
  traceable: "subject",
  via: 'owner "<iss>/<sub>" in the jobs log',
  logs: "jobs log: job started and finished with owner <iss>/<sub>, unix user and lrms id; no jti",
};

export const DCACHE_FACTS: HopFacts = {
  traceable: "jti",
  via: "user.jti (<jti>@<op>) in the access log",
  logs: "access log: user.sub and user.jti (<value>@<op>) per WebDAV request and xrootd login; billing has no jti and joins via the session",
};

export const STORM_FACTS: HopFacts = {
  traceable: "subject",
  via: "remote user <sub>@<iss> in the access log",
  logs: "access log: remote user <sub>@<iss>, request id, client IP, method and path; no jti",
};

export const XROOTD_FACTS: HopFacts = {
  traceable: "subject",
  via: "subject= and issuer= in the XrdSciTokens debug line",
  logs: "debug log on a new token: mapped_username, subject, issuer and groups; monitoring record &s=<sub>&o=<issuer>; no jti",
};

export const EOS_FACTS: HopFacts = {
  traceable: "subject",
  via: "sec.name (the mapped user) with sec.vorg = issuer in report records",
  logs: "report records: sec.name = mapped user, sec.vorg = issuer, sec.grps, path and bytes; no jti",
};

export const WORKER_FACTS: HopFacts = {
  traceable: "none",
  via: "nothing",
  logs: "nothing TTT reads: the worker node does not log the job's token use",
};

/** The facts by component. */
export const HOP_FACTS: Readonly<Record<HopComponent, HopFacts>> = {
  iam: IAM_FACTS,
  fts: FTS_FACTS,
  condor: CONDOR_FACTS,
  arc: ARC_FACTS,
  dcache: DCACHE_FACTS,
  storm: STORM_FACTS,
  xrootd: XROOTD_FACTS,
  eos: EOS_FACTS,
  worker: WORKER_FACTS,
};

/** Whether the component has a ban file (a middleware of the bans' enforceability table). */
export function isMiddleware(c: HopComponent): c is Middleware {
  return (MIDDLEWARES as readonly string[]).includes(c);
}

/** A hop: the component's log facts and, for a middleware, its enforceability row (all kinds). */
export function hop(component: HopComponent, role: string): Hop {
  const { traceable, logs } = HOP_FACTS[component];
  if (!isMiddleware(component)) return { component, role, traceable, logs, bans: null };
  const row = ENFORCEABILITY[component];
  const bans = Object.fromEntries(BAN_KINDS.map((k) => [k, { ...row[k] }]));
  return { component, role, traceable, logs, bans };
}
