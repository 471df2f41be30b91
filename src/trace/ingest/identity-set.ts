import type { BulkValue } from "../../store/index.js";
import type { ParsedEvent } from "../events/trace-event.js";

/**
 * The distinct identities of one segment — (issuer, subject, group), group "" for an event that
 * names none — for `trace_identities`, which lets a group or issuer ban say how many known
 * identities it covers. Found by issuer, then subject, then group (maps and a set: the strings of
 * each event are hashed, never joined), and each new one checked and listed once, as one
 * "iss\nsub\ngroup" string.
 *
 * Left out, so that one odd line can never make a segment's transaction fail:
 * - identities with a control character in any part: a JSON escape such as \u0000 decodes to a
 *   NUL, which PostgreSQL text refuses, and a decoded newline would split the parts wrongly.
 *   No real issuer, subject or group has one, and no ban key may (ban.schema.ts).
 * - identities longer than MAX_IDENTITY_CHARS in all: PostgreSQL refuses B-tree keys over about
 *   2.7 kB, and no real issuer, subject and group come near it.
 */
const MAX_IDENTITY_CHARS = 600;
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f]/;

export class IdentitySet {
  /** iss → sub → the groups seen with them ("" for none), each identity checked once. */
  #seen = new Map<string, Map<string, Set<string>>>();
  #keys: string[] = [];
  // Consecutive events of one identity (a transfer's many lines) are seen once.
  #iss: string | null = null;
  #sub: string | null = null;
  #groups: readonly string[] | null = null;

  add(e: ParsedEvent): void {
    const { iss, sub, groups } = e;
    if (iss === null || sub === null) return;
    if (iss === this.#iss && sub === this.#sub && groups === this.#groups) return;
    this.#iss = iss;
    this.#sub = sub;
    this.#groups = groups;
    let subs = this.#seen.get(iss);
    if (subs === undefined) this.#seen.set(iss, (subs = new Map<string, Set<string>>()));
    let seen = subs.get(sub);
    if (seen === undefined) subs.set(sub, (seen = new Set()));
    if (groups === null || groups.length === 0) this.#keep(seen, iss, sub, "");
    else for (const g of groups) this.#keep(seen, iss, sub, g);
  }

  /** The segment's identities (as "iss\nsub\ngroup"); starts an empty set. */
  take(): string[] {
    const out = this.#keys;
    this.#keys = [];
    this.#seen = new Map();
    this.#iss = this.#sub = null;
    this.#groups = null;
    return out;
  }

  /** Notes a group of an identity the first time it is seen, if it may be stored. */
  #keep(seen: Set<string>, iss: string, sub: string, group: string): void {
    if (seen.has(group)) return;
    seen.add(group); // refused ones too: each is checked once
    if (iss.length + sub.length + group.length > MAX_IDENTITY_CHARS) return;
    if (CONTROL.test(iss) || CONTROL.test(sub) || CONTROL.test(group)) return;
    this.#keys.push(`${iss}\n${sub}\n${group}`);
  }
}

/**
 * The `trace_identities` rows (iss, sub, grp) of identities taken from an IdentitySet, sorted:
 * concurrent runs then take PostgreSQL's row locks on shared identities in the same order and
 * cannot deadlock.
 */
export function identityRows(identities: readonly string[]): BulkValue[][] {
  return [...identities].sort().map((k) => {
    const a = k.indexOf("\n");
    const b = k.indexOf("\n", a + 1);
    return [k.slice(0, a), k.slice(a + 1, b), k.slice(b + 1)];
  });
}
