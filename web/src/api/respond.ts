import { get, post, query } from "./client.js";

/**
 * Types and calls of the Respond API (token inspection, bans, ban files, the ban feed's
 * streams). Shapes follow the server's presenters: src/inspect/inspect.service.ts,
 * src/bans/bans.presenters.ts, src/bans/export/index.ts,
 * src/feed/transmitter/delivery-overview.service.ts.
 */

export type BanKind = "token" | "identity" | "identity-before" | "client" | "group" | "issuer";
export type BanState = "active" | "pending" | "expired" | "lifted";
export type Middleware = "dcache" | "storm" | "arc" | "condor" | "xrootd" | "fts" | "eos";

export interface BanView {
  id: string;
  kind: BanKind;
  iss: string;
  jti?: string;
  sub?: string;
  issuedBefore?: string;
  clientId?: string;
  group?: string;
  reason: string;
  incident: string | null;
  author: string;
  createdAt: string;
  startsAt: string;
  expiresAt: string | null;
  sites: "all" | string[];
  state: "active" | "lifted";
  liftedAt: string | null;
  liftedBy: string | null;
  liftReason: string | null;
  effectiveState: BanState;
  /** What the ban denies, e.g. "jti 1234" or "group /atlas". */
  denies: string;
  unenforceable_at: Middleware[];
}

/** The answer to a create; group and issuer bans say how many identities they cover. */
export type CreatedBanView = BanView & { coveredIdentities?: number | null; coverageNote?: string };

interface BanCommonBody {
  iss: string;
  reason: string;
  incident?: string;
  startsAt?: string;
  expiresAt?: string;
  sites: "all" | string[];
  confirmBroad?: boolean;
}

export type CreateBanBody = BanCommonBody &
  (
    | { kind: "token"; jti: string }
    | { kind: "identity"; sub: string }
    | { kind: "identity-before"; sub: string; issuedBefore: string }
    | { kind: "client"; clientId: string }
    | { kind: "group"; group: string }
    | { kind: "issuer" }
  );

export interface BanFile {
  format: Middleware | "json";
  filename: string;
  mediaType: string;
  generatedAt: string;
  nextChangeAt: string | null;
  covered: string[];
  pending: string[];
  unenforceable_at: { banId: string; kind: BanKind; reason: string }[];
  content: string;
}

export interface BanFileQuery {
  format: Middleware;
  site?: string | undefined;
  issuer?: string | undefined;
  /** Per-format options as one JSON object (e.g. StoRM's storage areas). */
  options?: string | undefined;
}

export interface IssuerState {
  issuer: string;
  keysFetchedAt: string | null;
  stale: boolean;
  lastRefreshError: unknown;
}

export type Verification =
  | { ok: true; issuer: IssuerState; kid: string | null; alg: string; cached: boolean }
  | { ok: false; code: string; reason: string; issuer: IssuerState | null };

export interface LintFinding {
  rule: string;
  severity: "error" | "warning" | "info";
  message: string;
  profileRef: string;
}

export interface Guess {
  value: string;
  evidence: string;
}

export interface WorkflowCandidate {
  workflowId: string;
  name: string;
  score: number;
  reasons: { aspect: string; points: number; text: string }[];
}

export interface InspectedRow {
  id: string;
  threat: { id: string; title: string };
  variant: string | null;
  score: {
    likelihood: number;
    impact: number;
    level: string;
    levelLabel: string;
    color: string;
  } | null;
}

export interface InspectReport {
  fingerprint: string;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  verification: Verification;
  lint: { kind: Guess; holder: Guess; lifetimeSec: number | null; findings: LintFinding[] };
  workflow: {
    assessment: { id: string; title: string; version: string; state: string } | null;
    guess: {
      best: WorkflowCandidate | null;
      ambiguous: boolean;
      candidates: WorkflowCandidate[];
      caveat: string;
    } | null;
    rows: InspectedRow[];
    note: string | null;
  };
  bans: {
    decision: "allow" | "deny";
    bans: { id: string; kind: BanKind; reason: string }[];
    reason: string;
  };
  suggestedBan: { kind: "token"; iss: string; jti: string; tokenExp: number | null } | null;
}

/** The claims of a token linked to an incident (never the token itself). */
export interface IncidentTokenBody {
  iss: string;
  sub?: string;
  jti?: string;
  clientId?: string;
  exp?: number;
  workflow?: string;
}

/** One site's stream of the ban feed and how delivery to it goes (never its credentials). */
export interface StreamDeliveryView {
  stream_id: string;
  /** The account that owns the stream: the site. */
  owner: string;
  aud: string;
  description: string | null;
  method: "poll" | "push";
  /** Push: where SETs go; null for poll (the site fetches them). */
  endpoint_url: string | null;
  status: string;
  reason: string | null;
  delivery: {
    pending: number;
    acknowledged: number;
    refused: number;
    max_attempts: number;
    next_attempt_at: string | null;
    last_delivered_at: string | null;
    last_error: { at: string; err: string; description: string; httpStatus?: number } | null;
  };
}

export interface FeedDelivery {
  streams: StreamDeliveryView[];
  generated_at: string;
}

const enc = encodeURIComponent;

export const respondApi = {
  /** POST only: the token travels in the body, never in a URL. */
  inspect: (token: string) => post<InspectReport>("/api/v1/tokens/inspect", { token }),
  linkToken: (incident: string, body: IncidentTokenBody) =>
    post<unknown>(`/api/v1/incidents/${enc(incident)}/tokens`, body),

  bans: (q: { state?: BanState | undefined; kind?: BanKind | undefined }, signal?: AbortSignal) =>
    get<BanView[]>(`/api/v1/bans${query({ state: q.state, kind: q.kind })}`, signal),
  createBan: (body: CreateBanBody) => post<CreatedBanView>("/api/v1/bans", body),
  liftBan: (id: string, reason: string) =>
    post<BanView>(`/api/v1/bans/${enc(id)}/lift`, { reason }),
  banFile: (q: BanFileQuery, signal?: AbortSignal) =>
    get<BanFile>(`/api/v1/bans/export${query({ ...q, as: "json" })}`, signal),

  /** Every site's stream with its delivery, in one call (admin, responder; others: 403). */
  feedDelivery: (signal?: AbortSignal) => get<FeedDelivery>("/api/v1/feed/delivery", signal),
};
