import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BanIndex } from "./ban-index.js";
import { makeBan } from "../test-support/ban-factory.js";
import { BAN_KINDS, type Ban, type BanKey } from "./ban.model.js";
import { extractFacts, type ClaimFacts } from "./claims.js";
import { decide, decideClaims } from "./decide.js";
import { prng } from "../core/prng.js";

/**
 * Property tests: the index must give exactly the answers of a naive linear scan, written here
 * independently of the index, over thousands of random bans, changes and claim sets. Values
 * come from small universes (so keys collide and match often) that include prototype names,
 * near-miss strings and exact time boundaries.
 */

const HOUR = 3_600_000;
const BASE = Date.parse("2026-03-01T12:00:00.000Z");
const ISSUERS = ["https://a.example/", "https://a.example", "https://b.example/", "__proto__"];
const NAMES = ["alice", "Alice", "bob", "__proto__", "constructor", "toString", "hasOwnProperty"];
const JTIS = [...NAMES, ...Array.from({ length: 30 }, (_, i) => `jti-${i}`)];
const CLIENTS = ["rucio", "fts", "__proto__", "valueOf", "rucio "];
/** Paths past depth 31, where depths share one bit of the bucket's depth mask. */
const DEEP = ["/d" + "/x".repeat(30), "/d" + "/x".repeat(31), "/d" + "/x".repeat(33)];
const GROUPS = [
  "/atlas",
  "/atlas/prod",
  "/atlas/prod/sgm",
  "/atlas/",
  "/atlasx",
  "//x",
  "/",
  ...DEEP,
];
const GROUPS_ALL = [...GROUPS, "atlas", "atlas/prod", "urn:x:atlas", "constructor", "__proto__"];
const SITES = ["A", "B", "C"];

/** The reference: a scan of every ban, with the rules spelled out once more. */
function reference(bans: Iterable<Ban>, f: ClaimFacts, now: number, site?: string): string[] {
  const hits: Ban[] = [];
  for (const b of bans) {
    if (b.state !== "active" || f.iss !== b.iss) continue;
    if (now < Date.parse(b.startsAt)) continue;
    if (b.expiresAt !== null && now >= Date.parse(b.expiresAt)) continue;
    if (site !== undefined && b.sites !== "all" && !b.sites.includes(site)) continue;
    let hit: boolean;
    switch (b.kind) {
      case "token":
        hit = f.jti === b.jti;
        break;
      case "identity":
        hit = f.sub === b.sub;
        break;
      case "identity-before":
        hit = f.sub === b.sub && (f.iat === null || f.iat * 1000 <= Date.parse(b.issuedBefore));
        break;
      case "client":
        hit = f.clientIds.includes(b.clientId);
        break;
      case "group":
        hit = f.groups.some((g) => g === b.group || (g[0] === "/" && g.startsWith(`${b.group}/`)));
        break;
      case "issuer":
        hit = true;
        break;
    }
    if (hit) hits.push(b);
  }
  const rank = (b: Ban) => BAN_KINDS.indexOf(b.kind);
  hits.sort((x, y) => rank(x) - rank(y) || (x.id < y.id ? -1 : 1));
  return hits.map((b) => b.id);
}

function generator(seed: number) {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const hourish = () => BASE + Math.floor(rand() * 21 - 10) * HOUR + pick([0, 0, 0, -1, 1]);
  const iso = (ms: number) => new Date(ms).toISOString();

  function key(): BanKey {
    switch (pick(BAN_KINDS)) {
      case "token":
        return { kind: "token", jti: pick(JTIS) };
      case "identity":
        return { kind: "identity", sub: pick(NAMES) };
      case "identity-before":
        return { kind: "identity-before", sub: pick(NAMES), issuedBefore: iso(hourish()) };
      case "client":
        return { kind: "client", clientId: pick(CLIENTS) };
      case "group":
        return { kind: "group", group: pick(GROUPS_ALL) };
      case "issuer":
        return { kind: "issuer" };
    }
  }

  function ban(id: string): Ban {
    const starts = hourish();
    return makeBan(key(), {
      id,
      iss: pick(ISSUERS),
      reason: pick(["leak", "leak", "compromised host", "__proto__"]),
      startsAt: iso(starts),
      expiresAt: rand() < 0.4 ? null : iso(starts + Math.ceil(rand() * 12) * HOUR),
      sites: rand() < 0.7 ? "all" : SITES.filter(() => rand() < 0.5).concat(pick(SITES)),
    });
  }

  /** A raw claim set: mostly plausible, sometimes with wrong types or missing claims. */
  function claims(): Record<string, unknown> {
    const maybe = <T>(v: T, odd: unknown = 42): unknown => {
      const r = rand();
      return r < 0.1 ? undefined : r < 0.15 ? odd : v;
    };
    const c: Record<string, unknown> = {
      iss: maybe(pick(ISSUERS)),
      sub: maybe(pick(NAMES), { sub: "alice" }),
      jti: maybe(pick(JTIS), ["jti-1"]),
      iat: maybe((hourish() + pick([0, 0, 1, -1, 1000])) / 1000, "1772366400"),
      client_id: maybe(pick(CLIENTS), null),
      azp: maybe(pick(CLIENTS)),
      "wlcg.groups": maybe(
        GROUPS.filter(() => rand() < 0.3),
        "/atlas",
      ),
      groups: maybe(GROUPS_ALL.filter(() => rand() < 0.15)),
    };
    for (const k of Object.keys(c)) if (c[k] === undefined) delete c[k];
    return c;
  }

  return { rand, pick, ban, claims, hourish };
}

describe("BanIndex against a linear scan", () => {
  for (const seed of [1, 2, 3, 20260301]) {
    it(`agrees through random changes and claims (seed ${seed})`, () => {
      const g = generator(seed);
      const index = new BanIndex();
      const held = new Map<string, Ban>(); // what the index should hold (not lifted)
      let next = 0;
      let checks = 0;
      for (let step = 0; step < 2500; step++) {
        const op = g.rand();
        const ids = [...held.keys()];
        if (op < 0.55 || ids.length === 0) {
          const b = g.ban(`b${String(next++).padStart(5, "0")}`);
          index.add(b);
          held.set(b.id, b);
        } else if (op < 0.7) {
          const b = g.ban(g.pick(ids)); // replace: same id, new everything
          index.add(b);
          held.set(b.id, b);
        } else if (op < 0.8) {
          const b = held.get(g.pick(ids))!;
          index.add({ ...b, state: "lifted", liftedAt: new Date(BASE).toISOString() });
          held.delete(b.id);
        } else if (op < 0.9) {
          const id = g.pick(ids);
          assert.equal(index.remove(id), true);
          held.delete(id);
        } else if (op < 0.905) {
          index.replaceAll([...held.values()]);
        }
        assert.equal(index.size, held.size);
        for (let k = 0; k < 4; k++) {
          const f = extractFacts(g.claims());
          const now = g.hourish();
          const site = g.rand() < 0.5 ? undefined : g.pick([...SITES, "D"]);
          const want = reference(held.values(), f, now, site);
          const got = index.match(f, now, site).map((b) => b.id);
          assert.deepEqual(got, want, `step ${step}: ${JSON.stringify({ f, now, site })}`);
          const d = decide(index, f, now, site);
          assert.equal(d.decision, want.length > 0 ? "deny" : "allow");
          assert.deepEqual(
            d.bans.map((b) => b.id),
            want,
          );
          checks++;
        }
      }
      assert.equal(checks, 10_000);
    });
  }

  it("matches what each held ban says about itself", () => {
    const g = generator(7);
    const bans = Array.from({ length: 3000 }, (_, i) => g.ban(`b${i}`));
    const index = new BanIndex(bans);
    for (const b of bans) {
      const m = index.get(b.id)!;
      assert.equal(m.kind, b.kind);
      assert.equal(m.iss, b.iss);
      assert.equal(m.reason, b.reason);
      assert.equal(m.startsAt, Date.parse(b.startsAt));
      assert.equal(m.expiresAt, b.expiresAt === null ? null : Date.parse(b.expiresAt));
      assert.deepEqual(m.sites, b.sites);
    }
  });
});

describe("hostile claims", () => {
  /** Random JSON-ish values, including deep, huge and prototype-named ones. */
  function junk(rand: () => number, depth = 0): unknown {
    const r = rand();
    if (r < 0.1) return null;
    if (r < 0.2) return rand() * 1e20 - 1e19;
    if (r < 0.3) return rand() < 0.5;
    if (r < 0.45)
      return ["__proto__", "constructor", "prototype", "toString", ""][Math.floor(rand() * 5)];
    if (r < 0.5) return "x".repeat(Math.floor(rand() * 5000));
    if (r < 0.55) return "/atlas/" + "/".repeat(Math.floor(rand() * 3000));
    if (depth > 3) return "leaf";
    if (r < 0.8) return Array.from({ length: Math.floor(rand() * 6) }, () => junk(rand, depth + 1));
    const o: Record<string, unknown> = {};
    for (const k of ["iss", "sub", "jti", "__proto__", "constructor", "a"]) {
      if (rand() < 0.5) o[k] = junk(rand, depth + 1);
    }
    return o;
  }

  it("never crash and never match wrongly", () => {
    const g = generator(99);
    const bans = Array.from({ length: 2000 }, (_, i) => g.ban(`b${i}`));
    const index = new BanIndex(bans);
    const rand = prng(4242);
    const fields = ["iss", "sub", "jti", "iat", "client_id", "azp", "wlcg.groups", "groups"];
    for (let n = 0; n < 3000; n++) {
      const claims = g.claims();
      for (const f of fields) if (rand() < 0.3) claims[f] = junk(rand);
      if (rand() < 0.05) Object.setPrototypeOf(claims, { sub: "alice", iss: ISSUERS[0] });
      const raw: unknown = rand() < 0.02 ? junk(rand) : claims;
      const d = decideClaims(index, raw, BASE);
      const want = reference(bans, extractFacts(raw), BASE);
      assert.deepEqual(
        d.bans.map((b) => b.id),
        want,
      );
      assert.equal(typeof d.reason, "string");
    }
  });
});
