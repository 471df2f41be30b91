import type { BanKind, Middleware, SupportLevel } from "../bans/index.js";

/**
 * The workflow handbook (issue 9): for each workflow of the assessment, the hops its tokens
 * cross, what each hop logs about a token and which bans it can enforce, the workflow's risk
 * rows, a traceability score, and the response playbook for a leaked token of that kind.
 * Pure data, built by handbook.build.ts from the catalogue, the middleware facts and the bans'
 * enforceability table.
 */

/** A component a token passes through. `worker` is the job's worker node (it logs nothing TTT reads). */
export type HopComponent = "iam" | Middleware | "worker";

/** How far a hop's logs identify a token (middleware-logs.md, "Join keys"). */
export type Traceable = "jti" | "subject" | "none";

export interface Hop {
  component: HopComponent;
  /** What the token does here, in one line ("issues and refreshes the token", "stores files"). */
  role: string;
  traceable: Traceable;
  /** What the logs carry, in one line (e.g. "user.jti and user.sub in the access log"). */
  logs: string;
  /** Per ban kind, whether the hop's ban file can enforce it (null: not a ban-file hop). */
  bans: Partial<Record<BanKind, { level: SupportLevel; note: string }>> | null;
}

export interface HandbookRow {
  id: string;
  threat: string;
  variant: string | null;
  /** The settled score, when the row has one. */
  score: { level: string; likelihood: number; impact: number } | null;
}

export interface PlaybookStep {
  n: number;
  /** One imperative line: what to do. */
  action: string;
  /** Why, and where it applies. */
  detail: string;
  /** The command that does it, when TTT has one. */
  command: string | null;
}

export interface HandbookPage {
  workflow: {
    id: string;
    name: string;
    description: string;
    lifetime: string;
    scopeBreadth: string;
    refreshExchange: string;
    holder: string;
  };
  hops: Hop[];
  /** Share of hops (0–1) where a token is traceable by jti, by subject only, not at all. */
  traceability: { jti: number; subject: number; none: number; summary: string };
  rows: HandbookRow[];
  playbook: PlaybookStep[];
}

export interface Handbook {
  assessment: { id: string; title: string; version: string; state: string } | null;
  /** Why there is no assessment data, when there is none. */
  note: string | null;
  pages: HandbookPage[];
}
