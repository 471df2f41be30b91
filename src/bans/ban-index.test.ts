import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ValidationError } from "../core/errors.js";
import { BanIndex } from "./ban-index.js";
import { TEST_ISS as ISS, makeBan } from "../test-support/ban-factory.js";
import type { Ban } from "./ban.model.js";
import { facts, type ClaimFacts } from "./claims.js";

const NOW = Date.parse("2026-03-01T12:00:00.000Z");
const OTHER_ISS = "https://cms-auth.cern.ch/";

/** Ids of the bans that match, in the index's order. */
const ids = (index: BanIndex, f: Partial<ClaimFacts>, now = NOW, site?: string) =>
  index.match(facts({ iss: ISS, ...f }), now, site).map((b) => b.id);

/** A token of subject alice, client rucio, group /atlas/production — with overrides. */
const alice = (over: Partial<ClaimFacts> = {}): Partial<ClaimFacts> => ({
  iss: ISS,
  sub: "alice",
  jti: "jti-a1",
  iat: NOW / 1000 - 600,
  clientIds: ["rucio"],
  groups: ["/atlas/production"],
  ...over,
});

describe("BanIndex: each kind matches exactly its key", () => {
  const bans: Record<string, Ban> = {
    token: makeBan({ kind: "token", jti: "jti-a1" }, { id: "token" }),
    identity: makeBan({ kind: "identity", sub: "alice" }, { id: "identity" }),
    client: makeBan({ kind: "client", clientId: "rucio" }, { id: "client" }),
    group: makeBan({ kind: "group", group: "/atlas/production" }, { id: "group" }),
    issuer: makeBan({ kind: "issuer" }, { id: "issuer" }),
  };
  const only = (id: string) => new BanIndex([bans[id]!]);

  it("a token ban denies that token and no other token of the same subject", () => {
    assert.deepEqual(ids(only("token"), alice()), ["token"]);
    assert.deepEqual(ids(only("token"), alice({ jti: "jti-a2" })), []);
    assert.deepEqual(ids(only("token"), { sub: "bob", jti: "jti-a1" }), ["token"]); // (iss, jti) is the key
  });

  it("an identity ban denies every token of that subject and no other subject", () => {
    assert.deepEqual(ids(only("identity"), alice()), ["identity"]);
    assert.deepEqual(ids(only("identity"), alice({ jti: "jti-a2" })), ["identity"]);
    assert.deepEqual(ids(only("identity"), alice({ sub: "bob" })), []);
    assert.deepEqual(ids(only("identity"), alice({ sub: "Alice" })), []);
    assert.deepEqual(ids(only("identity"), alice({ sub: "alice " })), []);
  });

  it("a client ban matches client_id or azp, nothing else", () => {
    assert.deepEqual(ids(only("client"), alice()), ["client"]);
    assert.deepEqual(ids(only("client"), alice({ clientIds: ["fts", "rucio"] })), ["client"]);
    assert.deepEqual(ids(only("client"), alice({ clientIds: ["fts"] })), []);
    assert.deepEqual(ids(only("client"), alice({ clientIds: [], sub: "rucio" })), []);
  });

  it("a group ban matches the group and its subgroups only", () => {
    const index = only("group");
    assert.deepEqual(ids(index, alice()), ["group"]);
    assert.deepEqual(ids(index, alice({ groups: ["/atlas/production/sgm"] })), ["group"]);
    assert.deepEqual(ids(index, alice({ groups: ["/atlas/production/"] })), ["group"]);
    assert.deepEqual(ids(index, alice({ groups: ["/atlas"] })), []); // the parent is not banned
    assert.deepEqual(ids(index, alice({ groups: ["/atlas/productionX"] })), []);
    assert.deepEqual(ids(index, alice({ groups: ["/atlas/users", "/cms/production"] })), []);
    assert.deepEqual(ids(index, alice({ groups: ["atlas/production"] })), []);
  });

  it("non-path groups (entitlements, plain names) match exactly", () => {
    const urn = "urn:mace:egi.eu:group:atlas:role=member#aai.egi.eu";
    const index = new BanIndex([makeBan({ kind: "group", group: urn }, { id: "urn" })]);
    assert.deepEqual(ids(index, { groups: [urn] }), ["urn"]);
    assert.deepEqual(ids(index, { groups: [`${urn}:x`, "urn:mace:egi.eu:group:atlas"] }), []);
  });

  it("group bans at a few depths only: each depth found, past depth 31 too, after removals", () => {
    const deep = (n: number) => `/d${"/x".repeat(n - 1)}`; // a path of depth n
    const group = (id: string, g: string) => makeBan({ kind: "group", group: g }, { id });
    const index = new BanIndex([group("d1", "/d"), group("d3", deep(3)), group("d40", deep(40))]);
    assert.deepEqual(ids(index, { groups: [deep(2)] }), ["d1"]); // parent at depth 1
    assert.deepEqual(ids(index, { groups: [deep(5)] }), ["d1", "d3"]); // parents at 1 and 3
    assert.deepEqual(ids(index, { groups: [deep(45)] }), ["d1", "d3", "d40"]);
    assert.deepEqual(ids(index, { groups: ["d"] }), []); // a name, not the path /d
    index.remove("d1");
    index.remove("d3");
    // Only depth 40 is banned now; 33 and 31 share its bit but are different paths.
    assert.deepEqual(ids(index, { groups: [deep(45)] }), ["d40"]);
    assert.deepEqual(ids(index, { groups: [deep(33), deep(31), deep(39)] }), []);
    index.add(group("d32", deep(32)));
    assert.deepEqual(ids(index, { groups: [deep(33)] }), ["d32"]);
    assert.deepEqual(ids(index, { groups: [deep(45)] }), ["d32", "d40"]);
    index.add(group("name", "d"));
    assert.deepEqual(ids(index, { groups: ["d", deep(2)] }), ["name"]);
  });

  it("an issuer ban denies every token of that issuer, even without other facts", () => {
    assert.deepEqual(ids(only("issuer"), alice()), ["issuer"]);
    assert.deepEqual(ids(only("issuer"), {}), ["issuer"]);
    assert.deepEqual(ids(only("issuer"), { iss: OTHER_ISS }), []);
    assert.deepEqual(ids(only("issuer"), { iss: ISS.slice(0, -1) }), []); // no trailing slash
    assert.deepEqual(only("issuer").match(facts(), NOW), []); // no iss at all
  });

  it("keys never cross issuers or kinds", () => {
    const index = new BanIndex(Object.values(bans).filter((b) => b.kind !== "issuer"));
    assert.deepEqual(ids(index, alice({ iss: OTHER_ISS })), []);
    // alice's jti as a sub, sub as a client id, client id as a group: nothing.
    assert.deepEqual(ids(index, { sub: "jti-a1", clientIds: ["alice"], groups: ["rucio"] }), []);
    assert.deepEqual(ids(index, alice()), ["token", "identity", "client", "group"]);
  });
});

describe("BanIndex: identity-before", () => {
  const T = "2026-03-01T11:00:00.000Z";
  const tSec = Date.parse(T) / 1000;
  const index = new BanIndex([
    makeBan({ kind: "identity-before", sub: "alice", issuedBefore: T }, { id: "before" }),
  ]);

  it("matches tokens issued before or exactly at T, not after", () => {
    assert.deepEqual(ids(index, alice({ iat: tSec - 3600 })), ["before"]);
    assert.deepEqual(ids(index, alice({ iat: tSec })), ["before"]);
    assert.deepEqual(ids(index, alice({ iat: tSec + 0.001 })), []);
    assert.deepEqual(ids(index, alice({ iat: tSec + 1 })), []);
  });

  it("matches a token without iat: it can't show it is newer", () => {
    assert.deepEqual(ids(index, alice({ iat: null })), ["before"]);
  });

  it("never matches another subject", () => {
    assert.deepEqual(ids(index, alice({ sub: "bob", iat: tSec - 3600 })), []);
  });

  it("shares the subject key with identity bans; both match, identity first", () => {
    const both = new BanIndex([
      makeBan({ kind: "identity-before", sub: "alice", issuedBefore: T }, { id: "a-before" }),
      makeBan({ kind: "identity", sub: "alice" }, { id: "z-identity" }),
    ]);
    assert.deepEqual(ids(both, alice({ iat: tSec })), ["z-identity", "a-before"]);
    assert.deepEqual(ids(both, alice({ iat: tSec + 1 })), ["z-identity"]);
    assert.equal(both.get("a-before")?.issuedBefore, Date.parse(T));
  });
});

describe("BanIndex: time windows and sites", () => {
  const window = { startsAt: "2026-03-01T10:00:00.000Z", expiresAt: "2026-03-01T14:00:00.000Z" };
  const index = new BanIndex([makeBan({ kind: "identity", sub: "alice" }, { id: "w", ...window })]);

  it("matches from startsAt (inclusive) to expiresAt (exclusive)", () => {
    assert.deepEqual(ids(index, alice(), Date.parse(window.startsAt) - 1), []);
    assert.deepEqual(ids(index, alice(), Date.parse(window.startsAt)), ["w"]);
    assert.deepEqual(ids(index, alice(), Date.parse(window.expiresAt) - 1), ["w"]);
    assert.deepEqual(ids(index, alice(), Date.parse(window.expiresAt)), []);
  });

  it("prunes expired bans on request, keeping pending and active ones", () => {
    const i = new BanIndex([
      makeBan({ kind: "token", jti: "old" }, { id: "old", expiresAt: "2026-03-01T11:00:00Z" }),
      makeBan({ kind: "token", jti: "now" }, { id: "now", expiresAt: "2026-03-01T13:00:00Z" }),
      makeBan({ kind: "token", jti: "later" }, { id: "later", startsAt: "2026-03-02T00:00:00Z" }),
    ]);
    assert.equal(i.prune(NOW), 1);
    assert.equal(i.size, 2);
    assert.equal(i.get("old"), undefined);
    assert.deepEqual(ids(i, { jti: "later" }, Date.parse("2026-03-02T00:00:00Z")), ["later"]);
  });

  it("site lists limit where a ban applies; no site means anywhere", () => {
    const i = new BanIndex([
      makeBan({ kind: "identity", sub: "alice" }, { id: "two", sites: ["CERN-PROD", "FZK-LCG2"] }),
      makeBan({ kind: "token", jti: "jti-a1" }, { id: "all" }),
    ]);
    assert.deepEqual(ids(i, alice(), NOW, "CERN-PROD"), ["all", "two"]);
    assert.deepEqual(ids(i, alice(), NOW, "FZK-LCG2"), ["all", "two"]);
    assert.deepEqual(ids(i, alice(), NOW, "RAL-LCG2"), ["all"]);
    assert.deepEqual(ids(i, alice(), NOW, "cern-prod"), ["all"]);
    assert.deepEqual(ids(i, alice()), ["all", "two"]);
    assert.deepEqual(i.get("two")?.sites, ["CERN-PROD", "FZK-LCG2"]);
  });
});

describe("BanIndex: incremental changes", () => {
  it("adds, replaces by id, lifts and removes one ban at a time", () => {
    const index = new BanIndex();
    const ban = makeBan({ kind: "token", jti: "j1" }, { id: "b1" });
    index.add(ban);
    assert.deepEqual(ids(index, { jti: "j1" }), ["b1"]);
    index.add(makeBan({ kind: "token", jti: "j2" }, { id: "b1", reason: "edited" })); // same id, new key
    assert.equal(index.size, 1);
    assert.deepEqual(ids(index, { jti: "j1" }), []);
    assert.deepEqual(ids(index, { jti: "j2" }), ["b1"]);
    assert.equal(index.get("b1")?.reason, "edited");
    index.add(
      makeBan(
        { kind: "token", jti: "j2" },
        { id: "b1", state: "lifted", liftedAt: "2026-03-01T12:00:00Z" },
      ),
    );
    assert.equal(index.size, 0);
    assert.deepEqual(ids(index, { jti: "j2" }), []);
    index.add(ban);
    assert.equal(index.remove("b1"), true);
    assert.equal(index.remove("b1"), false);
    assert.deepEqual(ids(index, { jti: "j1" }), []);
  });

  it("unlinks any ban of a shared key: head, middle or tail", () => {
    for (const gone of ["a", "b", "c"]) {
      const index = new BanIndex(
        ["a", "b", "c"].map((id) => makeBan({ kind: "identity", sub: "alice" }, { id })),
      );
      index.remove(gone);
      const left = ["a", "b", "c"].filter((x) => x !== gone);
      assert.deepEqual(ids(index, { sub: "alice" }), left);
      for (const id of left) index.remove(id);
      assert.deepEqual(ids(index, { sub: "alice" }), []);
      assert.equal(index.size, 0);
    }
  });

  it("issuer bans chain too", () => {
    const index = new BanIndex([
      makeBan({ kind: "issuer" }, { id: "i1" }),
      makeBan({ kind: "issuer" }, { id: "i2" }),
    ]);
    assert.deepEqual(ids(index, {}), ["i1", "i2"]);
    index.remove("i1");
    assert.deepEqual(ids(index, {}), ["i2"]);
  });

  it("replaceAll swaps the whole set", () => {
    const index = new BanIndex([makeBan({ kind: "token", jti: "old" }, { id: "old" })]);
    index.replaceAll([makeBan({ kind: "token", jti: "new" }, { id: "new" })]);
    assert.equal(index.size, 1);
    assert.deepEqual(ids(index, { jti: "old" }), []);
    assert.deepEqual(ids(index, { jti: "new" }), ["new"]);
    index.replaceAll([]);
    assert.equal(index.size, 0);
  });

  it("reuses freed slots and stays correct through many changes", () => {
    const index = new BanIndex();
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 3000; i++)
        index.add(makeBan({ kind: "token", jti: `j${i}` }, { id: `b${i}` }));
      for (let i = 0; i < 3000; i += 2) index.remove(`b${i}`);
      assert.equal(index.size, 1500);
      assert.deepEqual(ids(index, { jti: "j2" }), []);
      assert.deepEqual(ids(index, { jti: "j3" }), ["b3"]);
      for (let i = 1; i < 3000; i += 2) index.remove(`b${i}`);
      assert.equal(index.size, 0);
    }
  });

  it("finds every key while growing past its filter's size and after mass removal", () => {
    const index = new BanIndex();
    const n = 40_000;
    for (let i = 0; i < n; i++)
      index.add(makeBan({ kind: "token", jti: `j${i}` }, { id: `b${i}` }));
    for (let i = 0; i < n; i++) assert.deepEqual(ids(index, { jti: `j${i}` }), [`b${i}`]);
    for (let i = 0; i < n; i++) if (i % 10 !== 0) index.remove(`b${i}`);
    for (let i = 0; i < n; i++) {
      assert.deepEqual(ids(index, { jti: `j${i}` }), i % 10 === 0 ? [`b${i}`] : []);
    }
  });

  it("refuses a damaged ban and keeps the one it would have replaced", () => {
    const index = new BanIndex([makeBan({ kind: "token", jti: "j1" }, { id: "b1" })]);
    const bad = [
      makeBan({ kind: "token", jti: "j2" }, { id: "b1", startsAt: "not a time" }),
      makeBan({ kind: "token", jti: "" }, { id: "b1" }),
      makeBan({ kind: "identity-before", sub: "s", issuedBefore: "" }, { id: "b1" }),
      {
        ...makeBan({ kind: "token", jti: "j2" }, { id: "b1" }),
        kind: "everything",
      } as unknown as Ban,
    ];
    for (const ban of bad) assert.throws(() => index.add(ban), ValidationError);
    assert.deepEqual(ids(index, { jti: "j1" }), ["b1"]);
  });
});

describe("BanIndex: site-limited bans and group parents", () => {
  it("keeps a ban's sites right when an edit limits it to sites or lifts the limit", () => {
    const index = new BanIndex();
    const ban = (sites: Ban["sites"]) =>
      makeBan(
        { kind: "identity-before", sub: "alice", issuedBefore: "2026-03-01T00:00:00.000Z" },
        { id: "b", sites },
      );
    const at = (site?: string) => ids(index, { sub: "alice", iat: 0 }, NOW, site);
    index.add(ban(["A"]));
    assert.deepEqual([at("A"), at("B"), at()], [["b"], [], ["b"]]);
    assert.deepEqual(
      index.match(facts({ iss: ISS, sub: "alice" }), NOW)[0]?.kind,
      "identity-before",
    );
    index.add(ban("all"));
    assert.deepEqual([at("A"), at("B")], [["b"], ["b"]]);
    assert.equal(index.get("b")?.sites, "all");
    index.add(ban(["B"]));
    assert.deepEqual([at("A"), at("B")], [[], ["b"]]);
    assert.deepEqual(index.get("b")?.sites, ["B"]);
    index.remove("b");
    assert.deepEqual(at("B"), []);
  });

  it("orders bans by kind whatever their sites", () => {
    const index = new BanIndex([
      makeBan(
        { kind: "identity-before", sub: "s", issuedBefore: "2026-03-01T00:00:00.000Z" },
        { id: "a", sites: ["A"] },
      ),
      makeBan({ kind: "identity", sub: "s" }, { id: "z" }),
    ]);
    assert.deepEqual(ids(index, { sub: "s", iat: 0 }), ["z", "a"]);
  });

  it("finds a banned parent of a deep group path at every depth", () => {
    const index = new BanIndex([
      makeBan({ kind: "group", group: "/a" }, { id: "a" }),
      makeBan({ kind: "group", group: "/a/b/c" }, { id: "abc" }),
    ]);
    assert.deepEqual(ids(index, { groups: ["/a/b/c/d/e"] }), ["a", "abc"]);
    assert.deepEqual(ids(index, { groups: ["/a/b"] }), ["a"]);
    assert.deepEqual(ids(index, { groups: ["/a/x", "/a/y"] }), ["a"]); // once, though reached twice
    assert.deepEqual(ids(index, { groups: ["/ab/c"] }), []);
  });
});
