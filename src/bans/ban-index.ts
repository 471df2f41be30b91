import { BAN_KINDS, type Ban } from "./ban.model.js";
import {
  EMPTY,
  K_BEFORE,
  K_CLIENT,
  K_GROUP,
  K_IDENTITY,
  K_ISSUER,
  K_TOKEN,
  SLASH,
  classOf,
  depthBit,
  invalid,
  keyOf,
  newBucket,
  parseTime,
  slashes,
  type BanMatch,
  type IssuerBucket,
} from "./ban-keys.js";
import {
  BUCKET,
  BanSlots,
  CUTOFF,
  EXPIRES,
  InternPool,
  KIND,
  NEXT,
  NIL,
  PREV,
  REASON,
  SITED,
  STARTS,
  STRIDE,
} from "./ban-slots.js";
import { KeyFilter, keyHash } from "./key-filter.js";
import { KeyTable, entryHash, type HeadMatcher } from "./key-table.js";
import type { ClaimFacts } from "./claims.js";

export type { BanMatch };

/**
 * The in-memory decision index: which bans match a token's facts, by hash look-ups only.
 *
 * Layout: one bucket per issuer (so the issuer string is stored once however many bans it has,
 * and a bucket holds the chain of its issuer-wide bans), and one hash table (KeyTable) from
 * (bucket, key class, key) to the head of a chain of slots (see BanSlots); the classes are jti,
 * sub (identity and identity-before share it), client id and group. A decision costs one
 * look-up for the issuer and one per fact (jti, sub, each client id, each group and its parent
 * paths), each first asked of a Bloom filter (KeyFilter) so a clean token rarely touches the
 * big table; the time window, identity-before cutoff and site are checked only on the few bans
 * found. Every key look-up hashes its key once, with the filter's hash, which the table reuses:
 * no V8 string hash is computed for the jti, sub and client id of just-parsed claims, no key
 * string is built per look-up (a group's parent path is compared in place) and none is stored
 * per ban. The issuer alone goes through a Map: V8 hashes a fresh issuer string once and keeps
 * the hash in the string, which the allow-answer cache (decide.ts) then reuses for free; the
 * filter's hash would have to be computed twice.
 *
 * Changes are incremental: `add` (which replaces a ban of the same id), `remove`, and
 * `replaceAll` only for a full reload.
 *
 * A matched ban's view, and the one-element list of it that a match on that ban alone returns,
 * are made once and kept (frozen) until the ban leaves the index, so a ban hit again and again
 * — a stolen token retried at every door — allocates no view, and callers may remember facts
 * about a view (decide.ts caches its answer) for exactly as long as the ban is held. At most
 * VIEW_CACHE views are kept; when full, the cache starts again.
 */

/** Most views kept at once (about 200 bytes each). */
const VIEW_CACHE = 65_536;

export class BanIndex {
  private slots = new BanSlots(16);
  private byId = new Map<string, number>();
  private buckets: IssuerBucket[] = [];
  /** Whether the chain headed by `head` is the one of `key.slice(0, end)` in `bucket`, `cls`. */
  private readonly sameKey: HeadMatcher = (head, key, end, bucket, cls) => {
    const r = head * STRIDE;
    const rec = this.slots.rec;
    if (rec[r + BUCKET] !== bucket || classOf(rec[r + KIND]! & ~SITED) !== cls) return false;
    const stored = this.slots.keys[head]!;
    return end === key.length ? stored === key : stored.length === end && key.startsWith(stored);
  };
  private keys = new KeyTable(1024, this.sameKey);
  /** Issuer → bucket (see the class comment for why the issuer alone is in a Map). */
  private byIss = new Map<string, IssuerBucket>();
  private reasons = new InternPool<string>();
  private siteLists = new InternPool<readonly string[]>();
  private filter = new KeyFilter(1024);
  /** Each held ban's view, as the one-element list a match on it alone returns. */
  private views = new Map<number, readonly [BanMatch]>();
  /** Held bans with a key (all but issuer bans), and keys removed since the filter was built. */
  private keyed = 0;
  private stale = 0;

  constructor(bans: Iterable<Ban> = []) {
    this.replaceAll(bans);
  }

  /** Number of bans held (lifted ones are never held; expired ones until `prune`). */
  get size(): number {
    return this.byId.size;
  }

  /**
   * Adds a ban, or replaces the one with the same id (e.g. after an edit or a lift). A lifted
   * ban is only removed: the index holds bans that are or will be active. Pending and expired
   * ones are held and filtered by time at match, so no timer is needed when they start.
   */
  add(ban: Ban): void {
    // Check everything before touching the index, so a bad ban leaves the old one in place.
    const kind = BAN_KINDS.indexOf(ban.kind);
    if (kind < 0) throw invalid("kind", `unknown ban kind ${String(ban.kind).slice(0, 40)}`);
    const starts = parseTime(ban.startsAt, "startsAt");
    const expires = ban.expiresAt === null ? Infinity : parseTime(ban.expiresAt, "expiresAt");
    const cutoff =
      ban.kind === "identity-before" ? parseTime(ban.issuedBefore, "issuedBefore") : NaN;
    const key = ban.kind === "issuer" ? null : keyOf(ban);
    if (key !== null && (typeof key !== "string" || key === "")) throw invalid("key", "missing");
    if (typeof ban.iss !== "string" || ban.iss === "") throw invalid("iss", "missing");
    this.remove(ban.id);
    if (ban.state === "lifted") return;
    const bucket = this.bucketFor(ban.iss);
    const s = this.slots;
    const slot = s.alloc();
    const r = slot * STRIDE;
    s.rec[r + STARTS] = starts;
    s.rec[r + EXPIRES] = expires;
    s.rec[r + CUTOFF] = cutoff;
    s.rec[r + KIND] = ban.sites === "all" ? kind : kind + SITED;
    s.rec[r + BUCKET] = bucket.index;
    s.rec[r + PREV] = NIL;
    s.rec[r + REASON] = this.reasons.intern(ban.reason, (x) => x);
    if (ban.sites !== "all") {
      const list = ban.sites;
      s.sites.set(
        slot,
        this.siteLists.intern(JSON.stringify(list), () => Object.freeze([...list])),
      );
    }
    s.ids[slot] = ban.id;
    this.byId.set(ban.id, slot);
    if (key === null) {
      this.link(slot, bucket.issuerHead);
      bucket.issuerHead = slot;
      return;
    }
    const cls = classOf(kind);
    const { hash, entry } = this.entryOf(key, bucket.index, cls);
    const head = entry < 0 ? NIL : this.keys.head(entry);
    // Share the string the chain already holds rather than keeping an equal copy.
    s.keys[slot] = head === NIL ? key : s.keys[head];
    this.link(slot, head);
    if (entry < 0) {
      this.keys.insert(hash, slot);
      bucket.keys[cls]!++;
    } else this.keys.setHead(entry, slot);
    this.keyed++;
    if (head === NIL) {
      if (this.filter.full) this.rebuildFilter();
      else this.filter.add(key);
    }
    if (kind === K_GROUP) {
      bucket.groupDepths |= depthBit(key.charCodeAt(0) === SLASH ? slashes(key) : 0);
    }
  }

  /** Removes the ban with this id; false if the index did not hold it. */
  remove(banId: string): boolean {
    const slot = this.byId.get(banId);
    if (slot === undefined) return false;
    const s = this.slots;
    const rec = s.rec;
    const r = slot * STRIDE;
    const kind = rec[r + KIND]! & ~SITED;
    const bucket = this.buckets[rec[r + BUCKET]!]!;
    const next = rec[r + NEXT]!;
    const prev = rec[r + PREV]!;
    if (prev !== NIL) rec[prev * STRIDE + NEXT] = next;
    else if (kind === K_ISSUER) bucket.issuerHead = next;
    else {
      const cls = classOf(kind);
      const { entry } = this.entryOf(s.keys[slot]!, bucket.index, cls);
      if (entry < 0) throw new Error(`ban index damaged: no table entry for ban ${banId}`);
      if (next !== NIL) this.keys.setHead(entry, next);
      else {
        this.keys.delete(entry);
        bucket.keys[cls]!--;
      }
    }
    if (next !== NIL) rec[next * STRIDE + PREV] = prev;
    if (kind !== K_ISSUER) {
      this.keyed--;
      // A Bloom filter can't forget: rebuild once forgotten keys outnumber live ones.
      if (++this.stale > this.keyed && this.stale > 1024) this.rebuildFilter();
    }
    this.reasons.release(rec[r + REASON]!);
    const sites = s.sites.get(slot);
    if (sites !== undefined) this.siteLists.release(sites);
    this.byId.delete(banId);
    this.views.delete(slot);
    s.release(slot);
    return true;
  }

  /**
   * Replaces everything with `bans` (start-up, or a reload after change notifications were
   * lost). Starts from fresh structures, which is faster than removing a million bans one by one
   * and gives the memory of the old ones back.
   */
  replaceAll(bans: Iterable<Ban>): void {
    const expected = Array.isArray(bans) ? bans.length : 1024;
    this.slots = new BanSlots(expected);
    this.byId = new Map();
    this.buckets = [];
    this.keys = new KeyTable(expected, this.sameKey);
    this.byIss = new Map();
    this.reasons = new InternPool();
    this.siteLists = new InternPool();
    this.filter = new KeyFilter(expected);
    this.views = new Map();
    this.keyed = 0;
    this.stale = 0;
    for (const ban of bans) this.add(ban);
  }

  /** Drops bans that have expired by `now` (a full pass: for occasional housekeeping only). */
  prune(now: number): number {
    const s = this.slots;
    let dropped = 0;
    for (let slot = 0; slot < s.highWater; slot++) {
      const id = s.ids[slot];
      if (id !== undefined && s.rec[slot * STRIDE + EXPIRES]! <= now && this.remove(id)) dropped++;
    }
    return dropped;
  }

  /** The held ban with this id, whatever its time window. */
  get(banId: string): BanMatch | undefined {
    const slot = this.byId.get(banId);
    return slot === undefined ? undefined : this.view(slot);
  }

  /**
   * The bans that apply to a token with these facts at `now` (epoch ms), narrowest kind first.
   * With `site`, bans limited to other sites are left out; without it, every ban counts
   * whatever its sites (the question is then "banned anywhere?", and a caller that cannot name
   * its site is denied rather than let through). A token without iat matches identity-before
   * bans: such a ban is meant to kill everything older than T, and a token that does not say
   * when it was issued cannot show that it is newer.
   */
  match(facts: ClaimFacts, now: number, site?: string): readonly BanMatch[] {
    const iss = facts.iss;
    if (iss === null) return EMPTY;
    const b = this.byIss.get(iss);
    if (b === undefined) return EMPTY;
    // The clean case (nearly every token) allocates nothing: each fact costs one filter probe,
    // and only a fact the filter may hold costs a table look-up and a walk of its chain.
    let found: number[] | null = null;
    const keys = b.keys;
    const jti = facts.jti;
    if (jti !== null && keys[K_TOKEN] !== 0) {
      found = this.lookup(found, b, K_TOKEN, jti, jti.length, facts, now, site);
    }
    const sub = facts.sub;
    if (sub !== null && keys[K_IDENTITY] !== 0) {
      found = this.lookup(found, b, K_IDENTITY, sub, sub.length, facts, now, site);
    }
    if (keys[K_CLIENT] !== 0) {
      const clientIds = facts.clientIds;
      for (let i = 0; i < clientIds.length; i++) {
        const c = clientIds[i]!;
        found = this.lookup(found, b, K_CLIENT, c, c.length, facts, now, site);
      }
    }
    if (keys[K_GROUP] !== 0) {
      const groups = facts.groups;
      for (let i = 0; i < groups.length; i++) {
        found = this.matchGroup(found, b, groups[i]!, facts, now, site);
      }
    }
    if (b.issuerHead !== NIL) found = this.collect(found, b.issuerHead, facts, now, site);
    if (found === null) return EMPTY;
    // One ban: its kept, frozen list. Several: a new list (the result is read-only either way).
    if (found.length === 1) return this.alone(found[0]!);
    // Chains of one key can mix identity and identity-before: order by kind, then id.
    const { rec, ids } = this.slots;
    found.sort(
      (x, y) =>
        (rec[x * STRIDE + KIND]! & ~SITED) - (rec[y * STRIDE + KIND]! & ~SITED) ||
        (ids[x]! < ids[y]! ? -1 : 1),
    );
    const views: BanMatch[] = [];
    for (let i = 0; i < found.length; i++) views.push(this.view(found[i]!));
    return views;
  }

  /**
   * Looks up a group and each of its parent paths ("/a/b/c" → "/a", "/a/b", "/a/b/c") at the
   * depths the bucket has group bans of, each parent compared in place: no substring is made.
   */
  private matchGroup(
    found: number[] | null,
    b: IssuerBucket,
    g: string,
    facts: ClaimFacts,
    now: number,
    site: string | undefined,
  ): number[] | null {
    const depths = b.groupDepths;
    if (g.charCodeAt(0) !== SLASH) {
      return (depths & 1) === 0
        ? found
        : this.lookup(found, b, K_GROUP, g, g.length, facts, now, site);
    }
    // The path up to the d-th "/" after the first is the parent of depth d.
    let depth = 1;
    for (let i = g.indexOf("/", 1); i !== -1; i = g.indexOf("/", i + 1), depth++) {
      if (depths >>> Math.min(depth, 31) === 0) return found; // no ban this deep or deeper
      if ((depths & depthBit(depth)) !== 0) {
        found = this.lookup(found, b, K_GROUP, g, i, facts, now, site);
      }
    }
    return (depths & depthBit(depth)) === 0
      ? found
      : this.lookup(found, b, K_GROUP, g, g.length, facts, now, site);
  }

  /**
   * `found` with the applicable bans of key `key.slice(0, end)` of class `cls` in bucket `b`
   * added: one filter probe, and a table look-up only if the filter may hold the key.
   */
  private lookup(
    found: number[] | null,
    b: IssuerBucket,
    cls: number,
    key: string,
    end: number,
    facts: ClaimFacts,
    now: number,
    site: string | undefined,
  ): number[] | null {
    const h = keyHash(key, end);
    if (!this.filter.mayHaveHash(h)) return found;
    const entry = this.keys.find(entryHash(h, b.index, cls), key, end, b.index, cls);
    return entry < 0 ? found : this.collect(found, this.keys.head(entry), facts, now, site);
  }

  /** `found` with the slots of a chain that apply at `now` and `site` added (once each). */
  private collect(
    found: number[] | null,
    head: number,
    facts: ClaimFacts,
    now: number,
    site: string | undefined,
  ): number[] | null {
    const rec = this.slots.rec;
    for (let slot = head; slot !== NIL; slot = rec[slot * STRIDE + NEXT]!) {
      const r = slot * STRIDE;
      if (now < rec[r + STARTS]! || now >= rec[r + EXPIRES]!) continue;
      const kind = rec[r + KIND]!;
      const iat = facts.iat;
      if ((kind & ~SITED) === K_BEFORE && iat !== null && iat * 1000 > rec[r + CUTOFF]!) continue;
      if (site !== undefined && kind >= SITED && !this.atSite(slot, site)) continue;
      if (found === null) found = [slot];
      else if (!found.includes(slot)) found.push(slot);
    }
    return found;
  }

  private atSite(slot: number, site: string): boolean {
    const list = this.slots.sites.get(slot);
    return list === undefined || this.siteLists.get(list).includes(site);
  }

  private view(slot: number): BanMatch {
    return this.alone(slot)[0];
  }

  /** The frozen list of this slot's view alone, made once while the ban is held. */
  private alone(slot: number): readonly [BanMatch] {
    let list = this.views.get(slot);
    if (list === undefined) {
      if (this.views.size >= VIEW_CACHE) this.views.clear();
      list = Object.freeze([Object.freeze(this.makeView(slot))] as const);
      this.views.set(slot, list);
    }
    return list;
  }

  private makeView(slot: number): BanMatch {
    const s = this.slots;
    const r = slot * STRIDE;
    const sited = s.rec[r + KIND]!;
    const kind = sited & ~SITED;
    const expires = s.rec[r + EXPIRES]!;
    const sites = sited >= SITED ? s.sites.get(slot) : undefined;
    return {
      id: s.ids[slot]!,
      kind: BAN_KINDS[kind]!,
      iss: this.buckets[s.rec[r + BUCKET]!]!.iss,
      key: kind === K_ISSUER ? null : s.keys[slot]!,
      issuedBefore: kind === K_BEFORE ? s.rec[r + CUTOFF]! : null,
      reason: this.reasons.get(s.rec[r + REASON]!),
      startsAt: s.rec[r + STARTS]!,
      expiresAt: expires === Infinity ? null : expires,
      sites: sites === undefined ? "all" : this.siteLists.get(sites),
    };
  }

  private link(slot: number, head: number): void {
    const rec = this.slots.rec;
    rec[slot * STRIDE + NEXT] = head;
    if (head !== NIL) rec[head * STRIDE + PREV] = slot;
  }

  /** A filter sized for twice the live keys, so it stays selective while the index grows. */
  private rebuildFilter(): void {
    this.filter = KeyFilter.of(this.slots.keys, 2 * this.keyed);
    this.stale = 0;
  }

  /** The table hash of a whole key, and its entry (-1 if the table has none), for add and remove. */
  private entryOf(key: string, bucket: number, cls: number): { hash: number; entry: number } {
    const hash = entryHash(keyHash(key, key.length), bucket, cls);
    return { hash, entry: this.keys.find(hash, key, key.length, bucket, cls) };
  }

  private bucketFor(iss: string): IssuerBucket {
    let bucket = this.byIss.get(iss);
    if (bucket === undefined) {
      bucket = newBucket(iss, this.buckets.length);
      this.byIss.set(iss, bucket);
      this.buckets.push(bucket);
    }
    return bucket;
  }
}
