import type { LineRole, TruthHook, TruthRef } from "./line-buffer.js";

/**
 * The answer key of a planted compromise. The TruthRecorder is the TruthHook of the attacker's
 * operations: it follows token lineage as lines are emitted (a token minted from a truth token
 * joins the truth) and tags each line that belongs to the scenario. Lines whose format carries a
 * jti — or joins to one: FTS token_id, an HTCondor cid group, RoutedFromJobId — are proven
 * events; the attacker's lines without one (StoRM, ARC, EOS, XRootD, dCache billing, FTS login,
 * IAM's exchange line) are candidates. Of an HTCondor-CE cid group only the auth line and the
 * submit lines are listed (the events a parser makes of the group; the payload and Command lines
 * are folded into them). Actions are the ones the trace parsers emit. Evidence of tokens and
 * links is picked by label:
 *   issued:<jti>          the IAM audit line that minted the token
 *   exchange-req:<jti>    IAM's token-exchange INFO line for that subject token
 *   fts-exchanged:<jti>   FTS "Obtained exchanged token" for the new token
 *   fts-refreshed:<jti>   FTS "Obtained refreshed access token" for the new token
 */
export type LinkType = "refresh" | "exchange" | "fts-refresh";

interface RoleInfo {
  component: string;
  action: string;
  /** True when the format names the token (jti) or joins to it (token_id, cid, routing). */
  proven: boolean;
  reason: string | null;
  mints: boolean;
}

const FIXED: Record<string, RoleInfo> = {
  "iam.issued.access": info("iam", "token.issued", true, null, true),
  "iam.issued.refresh": info("iam", "token.issued", true, null, true),
  "iam.refreshed": info("iam", "token.refreshed", true, null, true),
  "iam.exchange": info(
    "iam",
    "token.exchange.requested",
    false,
    "IAM token-exchange request impersonating the victim (no jti in the line)",
  ),
  "fts.login": info(
    "fts",
    "auth.login",
    false,
    "FTS REST login with the victim's sub (no token_id)",
  ),
  "fts.exchange.start": info("fts", "token.exchange.started", true),
  "fts.exchange.obtained": info("fts", "token.exchanged", true),
  "fts.exchange.stored": info("fts", "token.exchange.stored", true),
  "fts.refresh.start": info("fts", "token.refresh.started", true),
  "fts.refresh.failed": info("fts", "token.refresh.failed", true),
  "fts.refresh.obtained": info("fts", "token.refreshed", true),
  "dcache.xrootd": info("dcache", "storage.login", true),
  "dcache.billing": info(
    "dcache",
    "storage.transfer",
    false,
    "dCache billing record of the attacker's session (no jti; joins by session)",
  ),
  "xrootd.token": info("xrootd", "token.mapped", false, "XRootD saw the victim's sub (no jti)"),
  "xrootd.mon": info(
    "xrootd",
    "token.mapped",
    false,
    "XRootD monitoring record of the victim's sub (no jti)",
  ),
  eos: info("eos", "file.closed", false, "EOS record for the victim's mapped user (no jti)"),
  "condor.auth": info("condor", "auth.login", true),
  "condor.submit": info("condor", "job.submitted", true),
  "condor.routed": info("condor", "job.routed", true),
  "arc.started": info(
    "arc",
    "job.started",
    false,
    "ARC job owned by the victim's iss/sub (no jti)",
  ),
  "arc.finished": info(
    "arc",
    "job.finished",
    false,
    "ARC job owned by the victim's iss/sub (no jti)",
  ),
};

function info(
  component: string,
  action: string,
  proven: boolean,
  reason: string | null = null,
  mints = false,
): RoleInfo {
  return { component, action, proven, reason, mints };
}

function roleInfo(role: LineRole): RoleInfo | null {
  const fixed = FIXED[role];
  if (fixed !== undefined) return fixed;
  if (role.startsWith("dcache."))
    return info("dcache", `storage.${role.slice(7).toLowerCase()}`, true);
  if (role.startsWith("storm."))
    return info(
      "storm",
      `storage.${role.slice(6).toLowerCase()}`,
      false,
      "StoRM request as the victim's sub@iss (no jti)",
    );
  return null;
}

export interface TruthToken {
  jti: string;
  kind: "access" | "refresh";
  parent: string | null;
  link: LinkType | null;
  /** Minted for FTS by an exchange (its children are FTS refreshes). */
  fts: boolean;
}

/** Follows the stolen token's descendants and tags every line of the planted scenario. */
export class TruthRecorder implements TruthHook {
  readonly tokens = new Map<string, TruthToken>();
  readonly refs: TruthRef[] = [];
  private armed = false;

  /** The next refresh token minted without a parent is the stolen one. */
  armRoot(): void {
    this.armed = true;
  }

  onLine(
    role: LineRole,
    timeMs: number,
    jti: string | null,
    parent: string | null,
  ): TruthRef | null {
    const r = roleInfo(role);
    if (r === null || jti === null) return null;
    if (r.mints && !this.tokens.has(jti)) this.register(role, jti, parent);
    if (!this.tokens.has(jti)) return null;
    const labels: string[] = [];
    if (r.mints) labels.push(`issued:${jti}`);
    if (role === "iam.exchange") labels.push(`exchange-req:${jti}`);
    if (role === "fts.exchange.obtained") labels.push(`fts-exchanged:${jti}`);
    if (role === "fts.refresh.obtained") labels.push(`fts-refreshed:${jti}`);
    const ref: TruthRef = {
      kind: r.proven ? "proven" : "candidate",
      component: r.component,
      action: r.action,
      jti,
      reason: r.reason,
      labels,
      timeMs,
      file: "",
      line: 0,
    };
    this.refs.push(ref);
    return ref;
  }

  private register(role: LineRole, jti: string, parent: string | null): void {
    const kind = role === "iam.issued.refresh" ? "refresh" : "access";
    if (parent === null) {
      if (this.armed && kind === "refresh") {
        this.armed = false;
        this.tokens.set(jti, { jti, kind, parent: null, link: null, fts: false });
      }
      return;
    }
    const p = this.tokens.get(parent);
    if (p === undefined) return;
    const link: LinkType =
      role === "iam.refreshed" ? (p.fts ? "fts-refresh" : "refresh") : "exchange";
    this.tokens.set(jti, { jti, kind, parent, link, fts: link === "exchange" });
  }
}

export interface Evidence {
  file: string;
  line: number;
}

/** Evidence lines with a label, in time order (lines past the end of the run are absent). */
function evidence(refs: TruthRef[], ...labels: string[]): Evidence[] {
  const out: Evidence[] = [];
  for (const label of labels)
    for (const r of refs)
      if (r.line > 0 && r.labels.includes(label)) out.push({ file: r.file, line: r.line });
  return out;
}

/** The ground-truth document (written as DIR/ground-truth.json). */
export function buildGroundTruth(
  rec: TruthRecorder,
  head: {
    seed: number;
    options: Record<string, unknown>;
    iss: string;
    sub: string;
    username: string;
    foreignIp: string;
  },
  unrelatedVictimEvents: number,
): Record<string, unknown> {
  const refs = rec.refs.filter((r) => r.line > 0);
  const tokens = [...rec.tokens.values()];
  const root = tokens.find((t) => t.parent === null);
  const tokenEvidence = (t: TruthToken) =>
    evidence(refs, `issued:${t.jti}`, `fts-exchanged:${t.jti}`, `fts-refreshed:${t.jti}`);
  const linkEvidence = (t: TruthToken): Evidence[] => {
    switch (t.link) {
      case "exchange":
        return evidence(
          refs,
          `exchange-req:${t.parent}`,
          `issued:${t.jti}`,
          `fts-exchanged:${t.jti}`,
        );
      case "fts-refresh":
        return evidence(refs, `issued:${t.jti}`, `fts-refreshed:${t.jti}`);
      case "refresh":
      case null:
        return evidence(refs, `issued:${t.jti}`);
    }
  };
  const ordered = [...refs].sort(
    (a, b) => a.timeMs - b.timeMs || (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line),
  );
  return {
    seed: head.seed,
    options: head.options,
    stolen: {
      iss: head.iss,
      sub: head.sub,
      username: head.username,
      jti: root?.jti ?? null,
      kind: "refresh",
    },
    foreignIp: head.foreignIp,
    tokens: tokens.map((t) => ({
      jti: t.jti,
      kind: t.kind,
      parent: t.parent,
      link: t.link,
      evidence: tokenEvidence(t),
    })),
    links: tokens
      .filter((t) => t.parent !== null)
      .map((t) => ({
        from: t.parent,
        to: t.jti,
        type: t.link,
        confidence: t.link === "exchange" ? "inferred" : "proven",
        evidence: linkEvidence(t),
      })),
    provenEvents: ordered
      .filter((r) => r.kind === "proven")
      .map((r) => ({
        file: r.file,
        line: r.line,
        component: r.component,
        action: r.action,
        jti: r.jti,
      })),
    candidateEvents: ordered
      .filter((r) => r.kind === "candidate")
      .map((r) => ({
        file: r.file,
        line: r.line,
        component: r.component,
        reason: r.reason,
        jti: r.jti,
      })),
    unrelatedVictimEvents,
  };
}
