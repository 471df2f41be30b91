import type {
  EventsRepository,
  KeyQuery,
  StoredEvent,
  TimeWindow,
} from "../events/events.repository.js";
import type { KeyKind } from "../index-keys/event-keys.js";
import { refreshChildren, exchangeChildren, type DerivedToken } from "./derived-tokens.js";
import { evidenceOf, type TraceCollector } from "./trace-collector.js";
import { isIssuance, issuedKind, tokenFacts, validity, type TokenFacts } from "./token-facts.js";
import {
  USE_SLACK_MS,
  attributeFamily,
  ftsAnchors,
  identityCandidates,
  routedJobs,
  sessionCandidates,
  tpcCandidates,
  tpcSources,
  type Joined,
} from "./token-joins.js";

export type EventLookup = Pick<EventsRepository, "byKeys">;

/** A token waiting to be expanded, with the lines already known to name it (its issuance). */
export interface PendingToken {
  jti: string;
  iss: string | null;
  parent: string | null;
  depth: number;
  known: StoredEvent[];
}

/** Most tokens one trace follows (a guard against a runaway identity trace). */
export const MAX_TOKENS = 500;

const HOUR_MS = 3_600_000;
/** Late lines (jobs ending, transfers closing, billing) still belong to the token's use. */
const LATE_MS = 6 * HOUR_MS;

const kv = (kind: KeyKind, value: string): KeyQuery => [kind, value];

/**
 * Expands tokens level by level (a token, then what was derived from it): every look-up of a
 * level is one batched read of the inverted index, bounded in time by the tokens' lifetimes when
 * their issuance is known. All decisions are the pure rules of token-joins.ts and
 * derived-tokens.ts; this class only fetches and records.
 */
export class LineageEngine {
  readonly #memo = new Map<string, StoredEvent[]>();
  /** FTS token_id → the lines that tie it to tokens of the trace (read once all are known). */
  readonly #families = new Map<string, StoredEvent[]>();
  truncated = false;

  constructor(
    private readonly lookup: EventLookup,
    private readonly c: TraceCollector,
    private readonly follow: boolean,
  ) {}

  async expand(start: PendingToken[]): Promise<void> {
    let level = start.filter((t, i) => start.findIndex((u) => u.jti === t.jti) === i);
    while (level.length > 0) {
      const room = MAX_TOKENS - this.c.tokens.size;
      if (level.length > room) {
        this.truncated = true;
        level = level.slice(0, Math.max(0, room));
      }
      if (level.length === 0) break;
      level = await this.#level(level);
    }
    if (this.#families.size > 0) await this.#readFamilies(this.#families);
  }

  async #fetch(keys: KeyQuery[], window: TimeWindow | undefined) {
    const w = window === undefined ? "" : `${window.fromMs}:${window.toMs}`;
    const id = (k: KeyQuery) => `${k[0]}\u0000${k[1]}\u0000${w}`;
    const missing = keys.filter((k) => !this.#memo.has(id(k)));
    if (missing.length > 0) {
      const got = await this.lookup.byKeys(missing, window);
      for (const k of missing) this.#memo.set(id(k), got.get(`${k[0]}\u0000${k[1]}`) ?? []);
    }
    return (kind: KeyKind, value: string | null): StoredEvent[] =>
      value === null ? [] : (this.#memo.get(id([kind, value])) ?? []);
  }

  async #level(level: PendingToken[]): Promise<PendingToken[]> {
    // A: the lines naming each token, and (refresh tokens) the access tokens minted from it.
    const aKeys: KeyQuery[] = [];
    for (const t of level) {
      aKeys.push(kv("jti", t.jti));
      if (this.follow && !isAccess(t)) aKeys.push(kv("refreshTokenJti", t.jti));
    }
    const a = await this.#fetch(aKeys, union(level.map((t) => knownWindow(t))));
    const tokens = level.map((t) => {
      const own = [...t.known, ...a("jti", t.jti)].filter(
        (e) => e.iss === null || t.iss === null || e.iss === t.iss,
      );
      const facts = tokenFacts(t.jti, uniq(own));
      this.c.token(facts, t.parent, t.depth);
      for (const e of own) this.c.event(e, "proven", "jti", t.jti, provenReason(e));
      const uses = own.filter((e) => e.component !== "iam" && e.component !== "fts");
      return { t, facts, own, uses };
    });

    // B: joins from the token's lines (until late lines: jobs ending, transfers closing) and
    // the identity's lines and FTS lines naming its exp (within the token's lifetime).
    const lifetime: KeyQuery[] = [];
    const late: KeyQuery[] = [];
    for (const { facts, uses } of tokens) {
      if (facts.kind === "access" && facts.exp !== null)
        lifetime.push(kv("tokenExp", String(facts.exp)));
      if (facts.kind === "access" && facts.sub !== null) {
        lifetime.push(kv("sub", facts.sub));
        if (facts.username !== null) lifetime.push(kv("sub", facts.username));
      }
      for (const e of uses) {
        if (e.component === "condor" && e.action === "job.submitted" && e.object !== null)
          late.push(kv("routedFrom", e.object));
        if (e.component === "dcache" && e.corr !== null) late.push(kv("corr", e.corr));
        if (e.mappedUser !== null && !/^\d+:\d+/.test(e.mappedUser))
          lifetime.push(kv("mappedUser", e.mappedUser));
      }
      for (const p of tpcSources(uses)) late.push(kv("object", p));
    }
    const spans = tokens
      .filter(({ facts, uses }) => facts.kind === "access" || uses.length > 0)
      .map(({ facts }) => validity(facts, USE_SLACK_MS));
    // from one lifetime before: another token of the user still valid at an exchange is a rival
    const inLife = await this.#fetch(lifetime, union(spans.map(earlier)));
    const after = await this.#fetch(late, union(spans.map(widen)));
    const b = (kind: KeyKind, value: string | null) =>
      kind === "routedFrom" || kind === "corr" || kind === "object"
        ? after(kind, value)
        : inLife(kind, value);
    const next: PendingToken[] = [];
    const families = this.#families;
    for (const { t, facts, uses } of tokens) {
      const subjectLines = b("sub", facts.sub);
      const requests = [...b("sub", facts.username), ...subjectLines];
      const expLines = facts.exp === null ? [] : b("tokenExp", String(facts.exp));
      const exchange = exchangeChildren(facts, requests, subjectLines, expLines);
      for (const q of exchange.requests)
        this.#joined(t.jti, "candidate", {
          event: q,
          via: "exchange-request",
          reason:
            "IAM token-exchange request for the token's user and client while it was valid (IAM logs no subject-token jti)",
        });
      const joined: Joined[] = [
        ...routedJobs(
          uses,
          uses.flatMap((e) => (e.object === null ? [] : b("routedFrom", e.object))),
        ),
      ];
      for (const j of joined) this.#joined(t.jti, "proven", j);
      const usedFrom = new Set(
        uses.map((e) => e.clientIp).filter((ip): ip is string => ip !== null),
      );
      const candidates = [
        ...sessionCandidates(
          uses,
          uses.flatMap((e) => (e.corr === null ? [] : b("corr", e.corr))),
        ),
        ...tpcCandidates(
          uses,
          tpcSources(uses).flatMap((p) => b("object", p)),
        ),
        ...identityCandidates(facts, subjectLines, "same-subject", usedFrom),
        ...identityCandidates(
          facts,
          uses.flatMap((e) => (e.mappedUser === null ? [] : b("mappedUser", e.mappedUser))),
          "mapped-user",
          usedFrom,
        ),
      ];
      for (const j of candidates) this.#joined(t.jti, "candidate", j);
      for (const anchor of ftsAnchors(
        facts,
        expLines,
        exchange.requests.map((q) => q.timeMs),
      )) {
        this.#anchor(t, facts, anchor);
        const list = families.get(anchor.corr!) ?? [];
        list.push(anchor);
        families.set(anchor.corr!, list);
      }
      if (!this.follow) continue;
      const derived = [...refreshChildren(facts, a("refreshTokenJti", t.jti)), ...exchange.derived];
      for (const d of derived) next.push(...this.#derive(t, facts, d));
    }
    return next;
  }

  #joined(jti: string, confidence: "proven" | "candidate", j: Joined): void {
    this.c.event(j.event, confidence, j.via, jti, j.reason);
  }

  /** An FTS line that names this token: evidence for the token and for the link that made it. */
  #anchor(t: PendingToken, facts: TokenFacts, e: StoredEvent): void {
    const note =
      e.action === "token.refreshed"
        ? "FTS obtained the refreshed token (same exp)"
        : e.action === "token.exchange.started"
          ? "FTS started exchanging the token (same exp)"
          : "FTS obtained the exchanged token (same exp)";
    if (e.action !== "token.exchange.started") this.c.tokenEvidence(facts.jti, evidenceOf(e, note));
    if (t.parent === null || e.action === "token.exchange.started") return;
    const link = this.c.links.get(`${t.parent}\u0000${t.jti}`);
    if (link === undefined) return;
    if (link.type === "refresh" && e.action === "token.refreshed") link.type = "fts-refresh";
    if (!link.evidence.some((x) => x.eventId === e.id)) link.evidence.push(evidenceOf(e, note));
  }

  #derive(t: PendingToken, facts: TokenFacts, d: DerivedToken): PendingToken[] {
    const child = d.child.jti!;
    this.c.link(facts.jti, child, d.type, d.confidence, d.rule, [
      ...d.evidence.map((x) => evidenceOf(x.event, x.note)),
      evidenceOf(d.child, "IAM issued the new token"),
    ]);
    if (this.c.tokens.has(child)) return [];
    return [
      { jti: child, iss: facts.iss, parent: facts.jti, depth: t.depth + 1, known: [d.child] },
    ];
  }

  /** Every line of the FTS token_ids found, attributed to the tokens FTS held. */
  async #readFamilies(families: Map<string, StoredEvent[]>): Promise<void> {
    const times = [...families.values()].flat().map((e) => e.timeMs);
    const window = {
      fromMs: Math.min(...times) - HOUR_MS,
      toMs: Math.max(...times) + 3 * 24 * HOUR_MS,
    };
    const got = await this.#fetch(
      [...families.keys()].map((k) => kv("corr", k)),
      window,
    );
    for (const [corr, anchors] of families) {
      const held = [...this.c.tokens.values()]
        .map((tok) => ({
          jti: tok.jti,
          exp: tok.exp,
          sinceMs: Math.min(
            ...anchors.filter((x) => x.tokenExp === tok.exp).map((x) => x.timeMs),
            Infinity,
          ),
        }))
        .filter((h) => Number.isFinite(h.sinceMs));
      const owners = attributeFamily(got("corr", corr), held);
      for (const e of got("corr", corr))
        this.c.event(
          e,
          "proven",
          "fts-token-id",
          owners.get(e.id) ?? null,
          `FTS line of the same token_id as the token's (${corr.slice("token_id:".length)})`,
        );
    }
  }
}

function isAccess(t: PendingToken): boolean {
  return t.known.some((e) => e.jti === t.jti && isIssuance(e) && issuedKind(e) === "access");
}

function knownWindow(t: PendingToken): TimeWindow | null {
  if (t.known.length === 0) return null;
  return widen(validity(tokenFacts(t.jti, t.known), USE_SLACK_MS));
}

function earlier(w: { fromMs: number; toMs: number } | null): TimeWindow | null {
  return w === null ? null : { fromMs: w.fromMs - (w.toMs - w.fromMs), toMs: w.toMs };
}

function widen(w: { fromMs: number; toMs: number } | null): TimeWindow | null {
  return w === null ? null : { fromMs: w.fromMs, toMs: w.toMs + LATE_MS };
}

/** The smallest window covering all, or undefined (no bound) when one of them is unbounded. */
function union(windows: Array<TimeWindow | null>): TimeWindow | undefined {
  if (windows.length === 0 || windows.some((w) => w === null)) return undefined;
  const ws = windows as TimeWindow[];
  return {
    fromMs: Math.min(...ws.map((w) => w.fromMs ?? -Infinity)),
    toMs: Math.max(...ws.map((w) => w.toMs ?? Infinity)),
  };
}

function uniq(events: StoredEvent[]): StoredEvent[] {
  const seen = new Set<number>();
  return events.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
}

function provenReason(e: StoredEvent): string {
  if (e.component === "iam" && (e.action === "token.issued" || e.action === "token.refreshed"))
    return "IAM audit line of the token's issuance (payload jti)";
  return `${e.component} line names the token's jti`;
}
