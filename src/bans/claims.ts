import { MAX_ISS_LENGTH, MAX_KEY_LENGTH } from "./ban.model.js";

/**
 * The facts of a token that bans can match, read defensively from its claims.
 *
 * Claims are untrusted JSON (from a decision request, a log line, a token that may not verify),
 * so nothing is assumed about their shape: only own properties are read (a polluted
 * Object.prototype adds nothing), every value is type-checked, and anything absent, of the
 * wrong type, empty or longer than any ban key could be is left out, with a note saying so.
 * Leaving a value out can never hide a ban: no ban can have an empty, non-string or over-long key.
 *
 * Claims used:
 * - `iss`, `sub`, `jti`: strings.
 * - `iat`: a NumericDate (seconds, may be fractional), for identity-before bans.
 * - client: `client_id` (RFC 9068 access tokens) and `azp` (OIDC authorised party); both are
 *   used when present, so a client ban matches whichever one the issuer writes.
 * - groups: `wlcg.groups` (WLCG profile, an array of "/group/subgroup" paths), `groups`
 *   (INDIGO IAM and others, an array of names) and `eduperson_entitlement` (a string or an
 *   array of URNs). All values go into one list and are matched exactly as written; paths that
 *   start with "/" also match bans on their parent groups (see BanIndex).
 * Other claims (scope, aud, exp …) are not matched by any ban kind and are not read.
 */
export interface ClaimFacts {
  readonly iss: string | null;
  readonly sub: string | null;
  readonly jti: string | null;
  /** Issued-at, epoch seconds. */
  readonly iat: number | null;
  readonly clientIds: readonly string[];
  readonly groups: readonly string[];
  /** What was ignored and why; never contains claim values. */
  readonly notes: readonly string[];
}

const NONE: readonly string[] = Object.freeze([]);

/** Largest epoch-seconds value a JavaScript Date can hold. */
const MAX_SECONDS = 8.64e12;

/** Facts with only the given fields, for tests and for callers that already know them. */
export function facts(partial: Partial<ClaimFacts> = {}): ClaimFacts {
  // One literal with every field in a fixed order: all facts share one hidden class, which
  // keeps the matcher's property loads monomorphic.
  return {
    iss: partial.iss ?? null,
    sub: partial.sub ?? null,
    jti: partial.jti ?? null,
    iat: partial.iat ?? null,
    clientIds: partial.clientIds ?? NONE,
    groups: partial.groups ?? NONE,
    notes: partial.notes ?? NONE,
  };
}

/** A JSON-ish type name for notes ("array", "null", "number" …). */
function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/**
 * `v` (read as `o[name]` by the caller, where a fixed property name keeps V8's inline cache
 * fast) if it is an own property, else undefined: inherited values (prototype pollution) are
 * never used.
 */
function own(o: object, name: string, v: unknown): unknown {
  return v === undefined || Object.hasOwn(o, name) ? v : undefined;
}

/** Why a candidate key string is unusable, or null if it is usable. */
function keyProblem(v: unknown, max: number): string | null {
  if (typeof v !== "string") return `expected a string, got ${typeName(v)}`;
  if (v.length === 0) return "empty";
  if (v.length > max) return `longer than ${max} characters, so no ban can match it`;
  return null;
}

function readString(v: unknown, name: string, max: number, notes: string[]): string | null {
  if (v === undefined) return null;
  const problem = keyProblem(v, max);
  if (problem === null) return v as string;
  notes.push(`${name} ignored: ${problem}`);
  return null;
}

function readIat(v: unknown, notes: string[]): number | null {
  if (v === undefined) return null;
  if (typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= MAX_SECONDS) return v;
  const why =
    typeof v === "number" ? "not a valid NumericDate" : `expected a number, got ${typeName(v)}`;
  notes.push(`iat ignored: ${why}`);
  return null;
}

/**
 * Adds the usable strings of claim `name` (an array, or a single string if `single`) to `out`.
 * Entries are read by index up to the length, exactly as the fast path reads them.
 */
function readList(v: unknown, name: string, single: boolean, out: string[], notes: string[]): void {
  if (v === undefined) return;
  let items: readonly unknown[];
  if (Array.isArray(v)) items = v;
  else if (single && typeof v === "string") items = [v];
  else {
    notes.push(
      `${name} ignored: expected ${single ? "a string or " : ""}an array, got ${typeName(v)}`,
    );
    return;
  }
  let bad = 0;
  const n = items.length;
  for (let i = 0; i < n; i++) {
    const item = items[i];
    if (keyProblem(item, MAX_KEY_LENGTH) !== null) bad++;
    else out.push(item as string);
  }
  if (bad > 0) {
    notes.push(
      `${name}: ${bad} of ${n} entries ignored (not non-empty strings of at most ${MAX_KEY_LENGTH} characters)`,
    );
  }
}

/**
 * `list` without repeats, first occurrence kept; a Set only for long lists (hostile claims).
 * A short list without repeats (nearly always) is returned as it is, with nothing allocated.
 */
function unique(list: string[]): readonly string[] {
  if (list.length === 0) return NONE;
  if (list.length > FAST_GROUPS) return [...new Set(list)];
  for (let i = 1; i < list.length; i++) {
    if (list.lastIndexOf(list[i]!, i - 1) !== -1)
      return list.filter((v, j) => list.indexOf(v) === j);
  }
  return list;
}

const OBJECT_PROTO: object = Object.prototype;

/** Most group entries the fast path takes; longer lists take the general path. */
const FAST_GROUPS = 16;

/**
 * Whether Object.prototype carries any claim this module reads (prototype pollution), in
 * which case a plain object's missing claims would read as inherited values. `in` never runs a
 * getter, and with a constant name on an unchanged prototype it costs next to nothing.
 */
function protoHasClaims(): boolean {
  const p = OBJECT_PROTO;
  return (
    "iss" in p ||
    "sub" in p ||
    "jti" in p ||
    "iat" in p ||
    "client_id" in p ||
    "azp" in p ||
    "wlcg.groups" in p ||
    "groups" in p ||
    "eduperson_entitlement" in p
  );
}

/** A usable key string, null if the claim is absent, false if the general path must see it. */
function key(v: unknown, max: number): string | null | false {
  if (v === undefined) return null;
  return typeof v === "string" && v.length !== 0 && v.length <= max ? v : false;
}

/**
 * `into` with the entries of a group claim appended (an array, or one string if `single`),
 * or false if any would be noted or there are more than FAST_GROUPS in all.
 */
function appendGroups(v: unknown, single: boolean, into: string[] | null): string[] | null | false {
  if (v === undefined) return into;
  if (single && typeof v === "string") {
    if (key(v, MAX_KEY_LENGTH) === false) return false;
    if (into === null) return [v];
    into.push(v);
    return into;
  }
  if (!Array.isArray(v)) return false;
  const n: unknown = v.length;
  if (typeof n !== "number" || n > FAST_GROUPS - (into === null ? 0 : into.length)) return false;
  for (let i = 0; i < n; i++) {
    const item = key(v[i], MAX_KEY_LENGTH);
    if (item === null || item === false) return false;
    if (into === null) into = [item];
    else into.push(item);
  }
  return into;
}

/**
 * The fast path: the facts of a plain or null-prototype object whose claims are all absent or
 * usable, or null to take the general path. No claim name is on the prototype chain (checked
 * above), so a defined value is an own one and no Object.hasOwn is needed per claim.
 */
function readClean(o: object): ClaimFacts | null {
  const proto: unknown = Object.getPrototypeOf(o);
  if (proto !== null && (proto !== OBJECT_PROTO || protoHasClaims())) return null;
  const c = o as Record<string, unknown>;
  const iss = key(c.iss, MAX_ISS_LENGTH);
  const sub = key(c.sub, MAX_KEY_LENGTH);
  const jti = key(c.jti, MAX_KEY_LENGTH);
  const clientId = key(c.client_id, MAX_KEY_LENGTH);
  const azp = key(c.azp, MAX_KEY_LENGTH);
  if (iss === false || sub === false || jti === false || clientId === false || azp === false) {
    return null;
  }
  const iat = c.iat;
  if (iat !== undefined && !(typeof iat === "number" && iat >= 0 && iat <= MAX_SECONDS)) {
    return null;
  }
  let groups = appendGroups(c["wlcg.groups"], false, null);
  if (groups !== false) groups = appendGroups(c.groups, false, groups);
  if (groups !== false) groups = appendGroups(c.eduperson_entitlement, true, groups);
  if (groups === false) return null;
  return {
    iss,
    sub,
    jti,
    iat: iat === undefined ? null : iat,
    clientIds:
      clientId === null
        ? azp === null
          ? NONE
          : [azp]
        : azp === null || azp === clientId
          ? [clientId]
          : [clientId, azp],
    groups: groups === null ? NONE : unique(groups),
    notes: NONE,
  };
}

/**
 * Reads the matchable facts from a claim set. Never throws: a value that is not an object
 * yields facts with nothing in them (and a note), which no ban matches.
 *
 * Decisions call this once per token, so the common case — an ordinary JSON object whose
 * claims are all usable — takes a fast path that builds no notes and no scratch arrays; any
 * claim it does not like sends the whole set down the general path, which gives the same facts
 * (the fast path only ever answers when the general path would have found nothing to note).
 */
export function extractFacts(claims: unknown): ClaimFacts {
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) {
    return facts({ notes: [`claims ignored: expected an object, got ${typeName(claims)}`] });
  }
  try {
    return readClean(claims) ?? readAny(claims as Record<string, unknown>);
  } catch {
    // Only a non-JSON object (a Proxy, a throwing getter) gets here.
    return facts({ notes: ["claims ignored: they could not be read"] });
  }
}

/**
 * The general path: reads every claim whatever its shape, noting each value it leaves out.
 * Exported for the test that checks the fast path against it.
 */
export function readAny(o: Record<string, unknown>): ClaimFacts {
  const notes: string[] = [];
  const iss = readString(own(o, "iss", o.iss), "iss", MAX_ISS_LENGTH, notes);
  const sub = readString(own(o, "sub", o.sub), "sub", MAX_KEY_LENGTH, notes);
  const jti = readString(own(o, "jti", o.jti), "jti", MAX_KEY_LENGTH, notes);
  const iat = readIat(own(o, "iat", o.iat), notes);
  const clientIds: string[] = [];
  const clientId = readString(own(o, "client_id", o.client_id), "client_id", MAX_KEY_LENGTH, notes);
  if (clientId !== null) clientIds.push(clientId);
  const azp = readString(own(o, "azp", o.azp), "azp", MAX_KEY_LENGTH, notes);
  if (azp !== null && azp !== clientId) clientIds.push(azp);
  const groups: string[] = [];
  readList(own(o, "wlcg.groups", o["wlcg.groups"]), "wlcg.groups", false, groups, notes);
  readList(own(o, "groups", o.groups), "groups", false, groups, notes);
  const entitlements = own(o, "eduperson_entitlement", o.eduperson_entitlement);
  readList(entitlements, "eduperson_entitlement", true, groups, notes);
  return {
    iss,
    sub,
    jti,
    iat,
    clientIds: clientIds.length === 0 ? NONE : clientIds,
    groups: unique(groups),
    notes: notes.length === 0 ? NONE : notes,
  };
}
