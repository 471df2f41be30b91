import { BAN_KINDS, type Ban } from "./ban.model.js";
import {
  EMPTY,
  K_BEFORE,
  K_GROUP,
  K_ISSUER,
  SLASH,
  invalid,
  keyOf,
  mapOf,
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
  STARTS,
  STRIDE,
} from "./ban-slots.js";
import { KeyFilter } from "./key-filter.js";
import type { ClaimFacts } from "./claims.js";

export type { BanMatch };

/**
 * The in-memory decision index: which bans match a token's facts, by hash look-ups only.
 *
 * Layout: one bucket per issuer (so the issuer string is stored once however many bans it has),
 * and in it one Map per key kind — jti, sub (identity and identity-before share it), client id,
 * group — from the key to the head of a chain of slots (see BanSlots), plus a chain of
 * issuer-wide bans. A decision costs one look-up for the issuer and one per fact (jti, sub, each
 * client id, each group and its parent paths), each first asked of a Bloom filter (KeyFilter)
 * so a clean token rarely touches the big maps; the time window, identity-before cutoff and
 * site are checked only on the few bans found. Nested maps rather than composite "iss\0key"
 * strings: no key string is built per look-up and none is stored per ban.
 *
 * Changes are incremental: `add` (which replaces a ban of the same id), `remove`, and
 * `replaceAll` only for a full reload.
 */

/** One match in progress. */
interface Query {
  readonly facts: ClaimFacts;
  readonly now: number;
  readonly site: string | undefined;
  found: number[] | null;
}

export class BanIndex {
  private slots = new BanSlots(16);
  private byId = new Map<string, number>();
  private byIss = new Map<string, IssuerBucket>();
  private buckets: IssuerBucket[] = [];
  private reasons = new InternPool<string>();
  private siteLists = new InternPool<readonly string[]>();
  private filter = new KeyFilter(1024);
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
    s.rec[r + KIND] = kind;
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
    const map = mapOf(bucket, kind);
    const head = map.get(key);
    // Share the string the map already holds as key rather than keeping an equal copy.
    s.keys[slot] = head === undefined ? key : s.keys[head];
    this.link(slot, head ?? NIL);
    map.set(key, slot);
    this.keyed++;
    if (head === undefined) {
      if (this.filter.full) this.rebuildFilter();
      else this.filter.add(key);
    }
    if (kind === K_GROUP && key.charCodeAt(0) === SLASH) {
      bucket.groupDepth = Math.max(bucket.groupDepth, slashes(key));
    }
  }

  /** Removes the ban with this id; false if the index did not hold it. */
  remove(banId: string): boolean {
    const slot = this.byId.get(banId);
    if (slot === undefined) return false;
    const s = this.slots;
    const rec = s.rec;
    const r = slot * STRIDE;
    const kind = rec[r + KIND]!;
    const bucket = this.buckets[rec[r + BUCKET]!]!;
    const next = rec[r + NEXT]!;
    const prev = rec[r + PREV]!;
    if (prev !== NIL) rec[prev * STRIDE + NEXT] = next;
    else if (kind === K_ISSUER) bucket.issuerHead = next;
    else {
      const map = mapOf(bucket, kind);
      const key = s.keys[slot]!;
      if (next === NIL) map.delete(key);
      else map.set(key, next);
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
    this.byIss = new Map();
    this.buckets = [];
    this.reasons = new InternPool();
    this.siteLists = new InternPool();
    this.filter = new KeyFilter(expected);
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
    if (facts.iss === null) return EMPTY;
    const b = this.byIss.get(facts.iss);
    if (b === undefined) return EMPTY;
    const q: Query = { facts, now, site, found: null };
    if (facts.jti !== null) this.lookup(q, b.token, facts.jti);
    if (facts.sub !== null) this.lookup(q, b.subject, facts.sub);
    if (b.client.size > 0) for (const c of facts.clientIds) this.lookup(q, b.client, c);
    if (b.group.size > 0) for (const g of facts.groups) this.matchGroup(q, b, g);
    if (b.issuerHead !== NIL) this.collect(q, b.issuerHead);
    const found = q.found;
    if (found === null) return EMPTY;
    if (found.length > 1) {
      // Chains of one key can mix identity and identity-before: order by kind, then id.
      const { rec, ids } = this.slots;
      found.sort(
        (x, y) => rec[x * STRIDE + KIND]! - rec[y * STRIDE + KIND]! || (ids[x]! < ids[y]! ? -1 : 1),
      );
    }
    return found.map((slot) => this.view(slot));
  }

  /** Looks up a group and each parent path deep enough to be banned ("/a/b/c" → "/a", "/a/b"). */
  private matchGroup(q: Query, b: IssuerBucket, g: string): void {
    this.lookup(q, b.group, g);
    if (g.charCodeAt(0) !== SLASH) return;
    let depth = 1;
    for (let i = g.indexOf("/", 1); i !== -1 && depth <= b.groupDepth; depth++) {
      this.lookup(q, b.group, g.slice(0, i));
      i = g.indexOf("/", i + 1);
    }
  }

  /** Looks `key` up in `map` unless the filter rules it out (the common case: a clean token). */
  private lookup(q: Query, map: Map<string, number>, key: string): void {
    if (map.size === 0 || !this.filter.mayHave(key)) return;
    const head = map.get(key);
    if (head !== undefined) this.collect(q, head);
  }

  /** Adds the slots of a chain that apply at the query's time and site to its result (once each). */
  private collect(q: Query, head: number): void {
    const rec = this.slots.rec;
    for (let slot = head; slot !== NIL; slot = rec[slot * STRIDE + NEXT]!) {
      const r = slot * STRIDE;
      if (q.now < rec[r + STARTS]! || q.now >= rec[r + EXPIRES]!) continue;
      const iat = q.facts.iat;
      if (rec[r + KIND] === K_BEFORE && iat !== null && iat * 1000 > rec[r + CUTOFF]!) continue;
      if (q.site !== undefined && !this.atSite(slot, q.site)) continue;
      if (q.found === null) q.found = [slot];
      else if (!q.found.includes(slot)) q.found.push(slot);
    }
  }

  private atSite(slot: number, site: string): boolean {
    const list = this.slots.sites.get(slot);
    return list === undefined || this.siteLists.get(list).includes(site);
  }

  private view(slot: number): BanMatch {
    const s = this.slots;
    const r = slot * STRIDE;
    const kind = s.rec[r + KIND]!;
    const expires = s.rec[r + EXPIRES]!;
    const sites = s.sites.get(slot);
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
