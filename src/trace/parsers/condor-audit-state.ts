/**
 * What the HTCondor AuditLog parser remembers per connection id (`(cid:N)`): the SciToken facts
 * printed at authentication, the peer and command, and the mapping. The schedd prints these on
 * separate lines before the job submissions of that connection, so they are joined here. Bounded
 * (least recently used cids are evicted) and saved as plain JSON so a checkpoint can resume.
 */

/** The claims of the examined SciToken that lineage needs. */
export interface TokenFacts {
  iss: string | null;
  sub: string | null;
  jti: string | null;
  clientId: string | null;
  groups: string[] | null;
  exp: number | null;
  scope: string | null;
  aud: string | null;
}

/** Everything known about one connection. */
export interface CidEntry {
  facts: TokenFacts | null;
  peer: string | null;
  command: string | null;
  authMethod: string | null;
  authId: string | null;
  condorId: string | null;
}

/** How many connections are remembered; the oldest untouched one is dropped first. */
export const CID_CAPACITY = 4096;

/**
 * How many of them a checkpoint keeps: the most recently used. A connection's lines come within
 * moments of each other, so only the last few can go on past the end of what a run read. All
 * 4,096, with their token facts, made 2.4 MB of JSON per AuditLog, rewritten with every segment
 * that read one and kept in the store for every AuditLog (50 MB for a generated week's 21).
 */
export const SAVED_CIDS = 256;

/** The saved form: entries oldest first, so restoring keeps the eviction order. */
export interface CidState {
  v: 1;
  cids: [string, CidEntry][];
}

export function emptyEntry(): CidEntry {
  return { facts: null, peer: null, command: null, authMethod: null, authId: null, condorId: null };
}

/** An LRU map of cid → entry on top of Map's insertion order. */
export class CidCache {
  private readonly map = new Map<string, CidEntry>();

  /** The entry of `cid`, marked as recently used. */
  get(cid: string): CidEntry | undefined {
    const e = this.map.get(cid);
    if (e !== undefined) {
      this.map.delete(cid);
      this.map.set(cid, e);
    }
    return e;
  }

  /** The entry of `cid`, created empty when unknown. */
  upsert(cid: string): CidEntry {
    const e = this.get(cid);
    if (e !== undefined) return e;
    const fresh = emptyEntry();
    this.put(cid, fresh);
    return fresh;
  }

  /** Sets (or replaces) the entry of `cid`. */
  put(cid: string, entry: CidEntry): void {
    this.map.delete(cid);
    this.map.set(cid, entry);
    while (this.map.size > CID_CAPACITY) {
      const oldest = this.map.keys().next();
      if (oldest.done === true) break;
      this.map.delete(oldest.value);
    }
  }

  get size(): number {
    return this.map.size;
  }

  /** The SAVED_CIDS most recently used entries, oldest first. */
  toState(): CidState {
    const cids: [string, CidEntry][] = [];
    let skip = this.map.size - SAVED_CIDS;
    for (const [cid, e] of this.map) {
      if (skip-- > 0) continue;
      cids.push([cid, { ...e, facts: e.facts === null ? null : { ...e.facts } }]);
    }
    return { v: 1, cids };
  }

  /** Restores a saved state; anything malformed gives an empty cache (never a partial one). */
  static fromState(state: unknown): CidCache {
    const cache = new CidCache();
    if (typeof state !== "object" || state === null) return cache;
    const s = state as Record<string, unknown>;
    if (s.v !== 1 || !Array.isArray(s.cids)) return cache;
    const restored: [string, CidEntry][] = [];
    for (const item of s.cids as unknown[]) {
      if (!Array.isArray(item) || item.length !== 2 || typeof item[0] !== "string") return cache;
      const entry = readEntry(item[1]);
      if (entry === null) return cache;
      restored.push([item[0], entry]);
    }
    for (const [cid, entry] of restored) cache.put(cid, entry);
    return cache;
  }
}

function readEntry(v: unknown): CidEntry | null {
  if (typeof v !== "object" || v === null) return null;
  const o = v as Record<string, unknown>;
  const keys = ["peer", "command", "authMethod", "authId", "condorId"] as const;
  for (const k of keys) if (!isStrOrNull(o[k])) return null;
  let facts: TokenFacts | null = null;
  if (o.facts !== null) {
    facts = readFacts(o.facts);
    if (facts === null) return null;
  }
  return {
    facts,
    peer: o.peer as string | null,
    command: o.command as string | null,
    authMethod: o.authMethod as string | null,
    authId: o.authId as string | null,
    condorId: o.condorId as string | null,
  };
}

function readFacts(v: unknown): TokenFacts | null {
  if (typeof v !== "object" || v === null) return null;
  const o = v as Record<string, unknown>;
  const keys = ["iss", "sub", "jti", "clientId", "scope", "aud"] as const;
  for (const k of keys) if (!isStrOrNull(o[k])) return null;
  const exp = o.exp;
  if (exp !== null && (typeof exp !== "number" || !Number.isFinite(exp))) return null;
  const groups = o.groups;
  if (groups !== null && !(Array.isArray(groups) && groups.every((g) => typeof g === "string"))) {
    return null;
  }
  return {
    iss: o.iss as string | null,
    sub: o.sub as string | null,
    jti: o.jti as string | null,
    clientId: o.clientId as string | null,
    groups: groups === null ? null : [...groups],
    exp,
    scope: o.scope as string | null,
    aud: o.aud as string | null,
  };
}

function isStrOrNull(v: unknown): boolean {
  return v === null || typeof v === "string";
}

/**
 * The facts of a SciToken payload as the schedd printed it (the JWT's claim JSON). Null when the
 * text is not a JSON object. Groups come from `wlcg.groups`, else `groups` (array or a
 * space/comma-separated string); `scope` and `aud` are kept as space-joined strings.
 */
export function factsFromPayload(json: string): TokenFacts | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
  const c = parsed as Record<string, unknown>;
  const exp = typeof c.exp === "number" && Number.isFinite(c.exp) ? c.exp : null;
  return {
    iss: str(c.iss),
    sub: str(c.sub),
    jti: str(c.jti),
    clientId: str(c.client_id),
    groups: groupsOf(c["wlcg.groups"]) ?? groupsOf(c.groups),
    exp,
    scope: joined(c.scope),
    aud: joined(c.aud),
  };
}

function str(v: unknown): string | null {
  return typeof v === "string" && v.length > 0 ? v : null;
}

function joined(v: unknown): string | null {
  if (typeof v === "string") return v.length > 0 ? v : null;
  const parts = stringsOf(v);
  return parts === null ? null : parts.join(" ");
}

function groupsOf(v: unknown): string[] | null {
  if (typeof v === "string") return stringsOf(v.split(GROUP_SEPARATOR));
  return stringsOf(v);
}

const GROUP_SEPARATOR = /[\s,]+/;

/** The non-empty strings of an array (others dropped), or null when there are none. */
function stringsOf(v: unknown): string[] | null {
  if (!Array.isArray(v)) return null;
  const out: string[] = [];
  for (const x of v as unknown[]) if (typeof x === "string" && x.length > 0) out.push(x);
  return out.length > 0 ? out : null;
}
