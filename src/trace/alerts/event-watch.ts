import type { Ban } from "../../bans/index.js";
import { groupCovers } from "../../core/group-paths.js";
import { otherJtis, otherSubs } from "../events/also-named.js";
import type { ParsedEvent } from "../events/trace-event.js";
import { keyHash } from "../index-keys/key-hash.js";
import { isIssuance } from "../lineage/token-facts.js";
import { ExpTable, type IssuedExps } from "./exp-table.js";

/**
 * What the parser side watches for while it builds segments (plain data: it crosses to the
 * parse worker). Hashes, not values: a hit is only a hint, rechecked exactly by AlertMatcher.
 */
export interface WatchSpec {
  /** keyHash("j", jti), keyHash("s", sub), keyHash("c", client_id) of every ban. */
  keys: number[];
  issuers: string[];
  groups: string[];
  /**
   * Tokens issued earlier in the run, known from IAM's logs read by another parse worker
   * (parse-in-worker.ts): a use after their exp is flagged as if this worker had read them.
   */
  issued?: IssuedExps | undefined;
}

/** A token used this long after its exp raises an alert (validators allow some clock skew). */
export const EXPIRY_LEEWAY_S = 60;

export function watchSpec(bans: readonly Ban[]): WatchSpec {
  const keys = new Set<number>();
  const issuers = new Set<string>();
  const groups = new Set<string>();
  for (const b of bans)
    switch (b.kind) {
      case "token":
        keys.add(keyHash("j", b.jti));
        break;
      case "identity":
      case "identity-before":
        keys.add(keyHash("s", b.sub));
        break;
      case "client":
        keys.add(keyHash("c", b.clientId));
        break;
      case "group":
        groups.add(b.group);
        break;
      case "issuer":
        issuers.add(b.iss);
        break;
    }
  return { keys: [...keys], issuers: [...issuers], groups: [...groups] };
}

/** What a flagged event may be: banned (recheck the bans) and/or used after `exp`. */
export interface WatchHit {
  banned: boolean;
  /** The token's exp when the line shows a use after it, else NaN. */
  expiredAt: number;
}

/**
 * Flags events that may raise an alert, cheaply, as segments are built: a ban key, issuer or
 * group seen; or a token used after its exp — the exp on the line itself (HTCondor payloads) or
 * remembered from IAM's issuance earlier in this run (dCache logs only the jti). IAM and FTS's
 * own token lines are not uses (FTS refreshes expired tokens by design).
 */
export class EventWatch {
  readonly #keys: Set<number>;
  readonly #issuers: Set<string>;
  readonly #groups: readonly string[];
  readonly issued = new ExpTable();

  constructor(spec: WatchSpec) {
    this.#keys = new Set(spec.keys);
    this.#issuers = new Set(spec.issuers);
    this.#groups = spec.groups;
    if (spec.issued !== undefined) this.issued.load(spec.issued);
  }

  check(e: ParsedEvent): WatchHit | null {
    let banned = false;
    let expiredAt = NaN;
    if (e.jti !== null) {
      const h = keyHash("j", e.jti);
      if (this.#keys.has(h)) banned = true;
      if (isIssuance(e)) {
        if (e.tokenExp !== null) this.issued.set(h, e.tokenExp);
      } else if (e.component !== "fts" && e.component !== "iam") {
        const exp = e.tokenExp ?? this.issued.get(h);
        if (exp !== undefined && e.timeMs > (exp + EXPIRY_LEEWAY_S) * 1000) expiredAt = exp;
      }
    }
    if (this.#keys.size > 0) {
      if (e.sub !== null && this.#keys.has(keyHash("s", e.sub))) banned = true;
      if (e.details !== null) {
        for (const j of otherJtis(e)) if (this.#keys.has(keyHash("j", j))) banned = true;
        for (const s of otherSubs(e)) if (this.#keys.has(keyHash("s", s))) banned = true;
      }
      if (e.clientId !== null && this.#keys.has(keyHash("c", e.clientId))) banned = true;
    }
    if (e.iss !== null && this.#issuers.has(e.iss)) banned = true;
    if (this.#groups.length > 0 && e.groups !== null)
      for (const g of e.groups) if (this.#groups.some((b) => groupCovers(b, g))) banned = true;
    return banned || !Number.isNaN(expiredAt) ? { banned, expiredAt } : null;
  }
}
