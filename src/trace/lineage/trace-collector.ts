import type { StoredEvent } from "../events/events.repository.js";
import type {
  Confidence,
  Evidence,
  LinkType,
  MatchVia,
  TimelineEvent,
  TraceLink,
  TraceToken,
} from "../query/trace-result.js";
import type { TokenFacts } from "./token-facts.js";

/** A line as evidence, with what it shows. */
export function evidenceOf(e: StoredEvent, note: string): Evidence {
  return { eventId: e.id, file: e.source.file, line: e.source.line, note };
}

const RANK: Record<Confidence, number> = { proven: 0, inferred: 1, candidate: 2 };

/**
 * Everything a trace has found so far: tokens, links and events, each once. An event found both
 * as a candidate and as proven stays proven; a link found twice keeps the stronger confidence
 * and the union of its evidence.
 */
export class TraceCollector {
  readonly tokens = new Map<string, TraceToken>();
  readonly links = new Map<string, TraceLink>();
  readonly events = new Map<number, TimelineEvent>();

  /** Adds a token or fills in what was unknown about it. True when it is new. */
  token(f: TokenFacts, parent: string | null, depth: number): boolean {
    const known = this.tokens.get(f.jti);
    if (known !== undefined) {
      known.iss ??= f.iss;
      known.sub ??= f.sub;
      known.clientId ??= f.clientId;
      if (known.kind === "unknown") known.kind = f.kind;
      known.issuedAtMs ??= f.issuedAtMs;
      known.exp ??= f.exp;
      const issuance = f.issuance;
      if (issuance !== null && !known.evidence.some((x) => x.eventId === issuance.id))
        known.evidence.unshift(evidenceOf(issuance, "IAM issued the token"));
      return false;
    }
    this.tokens.set(f.jti, {
      jti: f.jti,
      iss: f.iss,
      sub: f.sub,
      clientId: f.clientId,
      kind: f.kind,
      issuedAtMs: f.issuedAtMs,
      exp: f.exp,
      parent,
      depth,
      evidence: f.issuance === null ? [] : [evidenceOf(f.issuance, "IAM issued the token")],
    });
    return true;
  }

  /** Extra evidence for a token (an FTS line that names its exp, say). */
  tokenEvidence(jti: string, ev: Evidence): void {
    const t = this.tokens.get(jti);
    if (t !== undefined && !t.evidence.some((x) => x.eventId === ev.eventId)) t.evidence.push(ev);
  }

  link(
    from: string,
    to: string,
    type: LinkType,
    confidence: Confidence,
    rule: string,
    evidence: Evidence[],
  ): void {
    const id = `${from}\u0000${to}`;
    const known = this.links.get(id);
    if (known === undefined) {
      this.links.set(id, { from, to, type, confidence, rule, evidence: dedupe(evidence) });
      return;
    }
    if (RANK[confidence] < RANK[known.confidence]) {
      known.confidence = confidence;
      known.rule = rule;
      known.type = type;
    }
    known.evidence = dedupe([...known.evidence, ...evidence]);
  }

  event(
    e: StoredEvent,
    confidence: "proven" | "candidate",
    via: MatchVia,
    jti: string | null,
    reason: string,
  ): void {
    const known = this.events.get(e.id);
    if (known !== undefined && (known.match.confidence === "proven" || confidence === "candidate"))
      return;
    // the event object was read for this trace alone: tag it rather than copy it
    const tagged = e as TimelineEvent;
    tagged.match = { confidence, via, jti, reason };
    this.events.set(e.id, tagged);
  }

  isProven(id: number): boolean {
    return this.events.get(id)?.match.confidence === "proven";
  }
}

function dedupe(list: Evidence[]): Evidence[] {
  const seen = new Set<number>();
  return list.filter((e) => (seen.has(e.eventId) ? false : (seen.add(e.eventId), true)));
}
