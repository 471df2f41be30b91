import { canonicalIp } from "../events/ip-address.js";
import { authorize, type Actor } from "../../accounts/index.js";
import type { Clock } from "../../core/clock.js";
import { parseInput } from "../../core/validation.js";
import type { StoredEvent } from "../events/events.repository.js";
import type { KeyKind } from "../index-keys/event-keys.js";
import { LineageEngine, type EventLookup, type PendingToken } from "../lineage/lineage-engine.js";
import { TraceCollector } from "../lineage/trace-collector.js";
import { tokenFacts } from "../lineage/token-facts.js";
import type { MatchVia, TimelineEvent, TraceBy, TraceQuery, TraceResult } from "./trace-result.js";
import { TraceRequest } from "./trace.schema.js";
import { summarise } from "./trace-summary.js";

const SEED: Record<Exclude<TraceBy, "jti">, { key: KeyKind; via: MatchVia; what: string }> = {
  sub: { key: "sub", via: "subject", what: "subject" },
  client: { key: "clientId", via: "client", what: "client" },
  path: { key: "object", via: "path", what: "path" },
  ip: { key: "clientIp", via: "ip", what: "address" },
};

/**
 * Traces a token, identity, client, path or address through the ingested events (issue 8):
 * the starting events, then — per token found — its lines, the lines joined to them, candidates,
 * and with `withDerived` the tokens derived from it, level by level (lineage/lineage-engine.ts).
 */
export class TraceService {
  constructor(private readonly deps: { events: EventLookup; clock: Clock }) {}

  async trace(actor: Actor, input: unknown): Promise<TraceResult> {
    authorize(actor, "trace:read");
    const r = parseInput(TraceRequest, input, "trace");
    // `format` is how the answer is written out, not part of the query.
    return this.run(
      {
        by: r.by,
        value: r.value,
        iss: r.iss ?? null,
        withDerived: r.withDerived,
        fromMs: r.from ?? null,
        toMs: r.to ?? null,
        site: r.site ?? null,
      },
      r.limit,
    );
  }

  /** The trace itself (no permission check: library use, benchmarks). */
  async run(query: TraceQuery, limit = 10_000): Promise<TraceResult> {
    const started = performance.now();
    const c = new TraceCollector();
    const engine = new LineageEngine(this.deps.events, c, query.withDerived);
    if (query.by === "jti") {
      await engine.expand([
        { jti: query.value, iss: query.iss, parent: null, depth: 0, known: [] },
      ]);
    } else {
      const seed = SEED[query.by];
      // Addresses are stored in one spelling (events/ip-address.ts): look that one up, and the
      // value as given too, for events stored before addresses were (2026-11-26).
      const canonical = query.by === "ip" ? canonicalIp(query.value) : query.value;
      const values = canonical === query.value ? [query.value] : [query.value, canonical];
      const got = await this.deps.events.byKeys(
        values.map((v) => [seed.key, v] as const),
        { fromMs: query.fromMs, toMs: query.toMs },
      );
      const byId = new Map<number, StoredEvent>();
      for (const v of values)
        for (const e of got.get(`${seed.key}\u0000${v}`) ?? []) byId.set(e.id, e);
      const events = [...byId.values()].filter(
        (e) => query.iss === null || e.iss === null || e.iss === query.iss,
      );
      for (const e of events)
        c.event(e, "proven", seed.via, e.jti, `the line names the ${seed.what} traced`);
      const starts = startTokens(events, query.iss);
      if (query.withDerived) await engine.expand(starts);
      else for (const t of starts) c.token(tokenFacts(t.jti, t.known), null, 0);
    }
    const all = [...c.events.values()].filter((e) => inScope(e, query)).sort(byTime);
    const timeline = all.slice(0, limit);
    return {
      query,
      tokens: [...c.tokens.values()].sort(
        (a, b) => a.depth - b.depth || order(a.issuedAtMs, b.issuedAtMs),
      ),
      links: [...c.links.values()],
      timeline,
      summary: summarise(all, c.tokens.size),
      truncated: all.length > limit || engine.truncated,
      tookMs: Math.round((performance.now() - started) * 10) / 10,
    };
  }
}

/** The tokens named by the starting events, each with the lines naming it. */
function startTokens(events: readonly StoredEvent[], iss: string | null): PendingToken[] {
  const byJti = new Map<string, StoredEvent[]>();
  for (const e of events) {
    if (e.jti === null) continue;
    const list = byJti.get(e.jti);
    if (list === undefined) byJti.set(e.jti, [e]);
    else list.push(e);
  }
  return [...byJti].map(([jti, known]) => ({ jti, iss, parent: null, depth: 0, known }));
}

function inScope(e: TimelineEvent, q: TraceQuery): boolean {
  if (q.fromMs !== null && e.timeMs < q.fromMs) return false;
  if (q.toMs !== null && e.timeMs > q.toMs) return false;
  return q.site === null || e.site === q.site;
}

function byTime(a: TimelineEvent, b: TimelineEvent): number {
  return (
    a.timeMs - b.timeMs ||
    (a.source.file < b.source.file ? -1 : a.source.file > b.source.file ? 1 : 0) ||
    a.source.line - b.source.line
  );
}

const order = (a: number | null, b: number | null) =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a - b;
