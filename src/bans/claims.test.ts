import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { extractFacts, facts, readAny } from "./claims.js";
import { prng } from "../core/prng.js";

const ISS = "https://atlas-auth.cern.ch/";

/** A WLCG access token payload, as IAM issues it. */
const wlcg = {
  "wlcg.ver": "1.0",
  iss: ISS,
  sub: "a1b2c3d4-0000-4000-8000-000000000001",
  aud: "https://wlcg.cern.ch/jwt/v1/any",
  exp: 1_772_370_000,
  iat: 1_772_366_400,
  nbf: 1_772_366_400,
  jti: "7d3f0a3e-1111-4111-8111-000000000002",
  scope: "storage.read:/ compute.read",
  client_id: "rucio",
  "wlcg.groups": ["/atlas", "/atlas/production"],
};

describe("extractFacts", () => {
  it("reads iss, sub, jti, iat, client_id and wlcg.groups", () => {
    assert.deepEqual(extractFacts(wlcg), {
      iss: ISS,
      sub: wlcg.sub,
      jti: wlcg.jti,
      iat: 1_772_366_400,
      clientIds: ["rucio"],
      groups: ["/atlas", "/atlas/production"],
      notes: [],
    });
  });

  it("takes both client_id and azp, once each", () => {
    assert.deepEqual(extractFacts({ iss: ISS, client_id: "a", azp: "b" }).clientIds, ["a", "b"]);
    assert.deepEqual(extractFacts({ iss: ISS, client_id: "a", azp: "a" }).clientIds, ["a"]);
    assert.deepEqual(extractFacts({ iss: ISS, azp: "b" }).clientIds, ["b"]);
  });

  it("joins wlcg.groups, groups and eduperson_entitlement without repeats", () => {
    const f = extractFacts({
      iss: ISS,
      "wlcg.groups": ["/cms", "/cms/users"],
      groups: ["cms", "/cms"],
      eduperson_entitlement: "urn:mace:egi.eu:group:cms:role=member#aai.egi.eu",
    });
    assert.deepEqual(f.groups, [
      "/cms",
      "/cms/users",
      "cms",
      "urn:mace:egi.eu:group:cms:role=member#aai.egi.eu",
    ]);
    assert.deepEqual(f.notes, []);
    const list = extractFacts({ eduperson_entitlement: ["urn:a", "urn:b"] });
    assert.deepEqual(list.groups, ["urn:a", "urn:b"]);
  });

  it("ignores values of the wrong type, with a note that never repeats the value", () => {
    const f = extractFacts({
      iss: 42,
      sub: { id: "x" },
      jti: ["secret-jti"],
      iat: "1772366400",
      client_id: null,
      azp: true,
      "wlcg.groups": "/atlas",
      groups: ["/ok", 7, "", null, "x".repeat(1025)],
      eduperson_entitlement: 3,
    });
    assert.deepEqual(f, {
      ...facts({ groups: ["/ok"] }),
      notes: [
        "iss ignored: expected a string, got number",
        "sub ignored: expected a string, got object",
        "jti ignored: expected a string, got array",
        "iat ignored: expected a number, got string",
        "client_id ignored: expected a string, got null",
        "azp ignored: expected a string, got boolean",
        "wlcg.groups ignored: expected an array, got string",
        "groups: 4 of 5 entries ignored (not non-empty strings of at most 1024 characters)",
        "eduperson_entitlement ignored: expected a string or an array, got number",
      ],
    });
    assert.ok(!f.notes.join(" ").includes("secret-jti"));
  });

  it("drops empty and over-long keys: no ban can have them", () => {
    const f = extractFacts({ iss: "h".repeat(2049), sub: "", jti: "j".repeat(1025) });
    assert.equal(f.iss, null);
    assert.equal(f.sub, null);
    assert.equal(f.jti, null);
    assert.deepEqual(f.notes, [
      "iss ignored: longer than 2048 characters, so no ban can match it",
      "sub ignored: empty",
      "jti ignored: longer than 1024 characters, so no ban can match it",
    ]);
    const edge = extractFacts({ iss: "h".repeat(2048), jti: "j".repeat(1024) });
    assert.equal(edge.iss?.length, 2048);
    assert.equal(edge.jti?.length, 1024);
  });

  it("accepts only usable NumericDates as iat", () => {
    assert.equal(extractFacts({ iat: 0 }).iat, 0);
    assert.equal(extractFacts({ iat: 1_772_366_400.25 }).iat, 1_772_366_400.25);
    for (const bad of [-1, 1e13, Infinity, NaN]) {
      const f = extractFacts({ iat: bad });
      assert.equal(f.iat, null, String(bad));
      assert.deepEqual(f.notes, ["iat ignored: not a valid NumericDate"]);
    }
  });

  it("yields empty facts for anything but an object", () => {
    for (const v of [null, undefined, "eyJhbGciOi…", 42, true, [wlcg]]) {
      const f = extractFacts(v);
      assert.deepEqual({ ...f, notes: [] }, facts(), JSON.stringify(v));
      assert.equal(f.notes.length, 1);
      assert.match(f.notes[0]!, /^claims ignored: expected an object/);
    }
  });

  it("never reads inherited values (prototype pollution)", () => {
    const inherited = Object.create({ iss: ISS, sub: "victim", jti: "j" }) as object;
    assert.deepEqual(extractFacts(inherited), facts());
    const parsed: unknown = JSON.parse(`{"__proto__": {"iss": "${ISS}", "sub": "s"}, "jti": "j"}`);
    const f = extractFacts(parsed);
    assert.equal(f.iss, null);
    assert.equal(f.sub, null);
    assert.equal(f.jti, "j");
    const nullProto = Object.assign(Object.create(null) as object, { iss: ISS, sub: "s" });
    assert.equal(extractFacts(nullProto).sub, "s");
  });

  it("keeps prototype names as plain values", () => {
    const f = extractFacts({
      iss: ISS,
      jti: "__proto__",
      sub: "constructor",
      groups: ["toString"],
    });
    assert.equal(f.jti, "__proto__");
    assert.equal(f.sub, "constructor");
    assert.deepEqual(f.groups, ["toString"]);
  });

  it("survives objects that throw when read", () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error("boom");
        },
      },
    );
    assert.deepEqual(extractFacts(hostile).notes, ["claims ignored: they could not be read"]);
  });

  it("handles a huge group list in linear time", () => {
    const groups = Array.from({ length: 200_000 }, (_, i) => `/g/${i % 50_000}`);
    const t = performance.now();
    const f = extractFacts({ iss: ISS, groups });
    assert.equal(f.groups.length, 50_000);
    assert.ok(performance.now() - t < 2_000);
  });
});

describe("extractFacts fast path", () => {
  /** Values near every edge the fast path checks, so both paths get exercised. */
  const VALUES: unknown[] = [
    undefined,
    ISS,
    "",
    "x",
    "k".repeat(1024),
    "k".repeat(1025),
    "h".repeat(2048),
    "h".repeat(2049),
    0,
    -0,
    -1,
    1_772_366_400.5,
    8.64e12,
    8.64e12 + 1,
    NaN,
    Infinity,
    null,
    true,
    {},
    [],
    ["/atlas"],
    ["/atlas", "/atlas"],
    ["/atlas", 7],
    ["", "/cms"],
    Array.from({ length: 16 }, (_, i) => `/g/${i}`),
    Array.from({ length: 17 }, (_, i) => `/g/${i}`),
    Array.from({ length: 20 }, (_, i) => `/g/${i % 3}`),
  ];
  const NAMES = [
    "iss",
    "sub",
    "jti",
    "iat",
    "client_id",
    "azp",
    "wlcg.groups",
    "groups",
    "eduperson_entitlement",
  ];

  it("gives exactly the facts of the general path on thousands of random claim sets", () => {
    const rand = prng(4711);
    for (let n = 0; n < 5_000; n++) {
      const claims: Record<string, unknown> = {};
      for (const name of NAMES) {
        const v = VALUES[Math.floor(rand() * VALUES.length)];
        if (v !== undefined || rand() < 0.5) claims[name] = v;
      }
      assert.deepEqual(extractFacts(claims), readAny(claims), JSON.stringify(claims));
    }
  });

  it("takes a clean token without notes, sharing nothing with the claims", () => {
    const groups = ["/atlas", "/atlas/production"];
    const f = extractFacts({ ...wlcg, "wlcg.groups": groups, azp: "rucio" });
    assert.deepEqual(f.clientIds, ["rucio"]);
    assert.deepEqual(f.groups, groups);
    assert.notEqual(f.groups, groups);
    assert.equal(f.notes.length, 0);
    const both = extractFacts({ iss: ISS, groups: ["a"], eduperson_entitlement: "urn:b" });
    assert.deepEqual(both.groups, ["a", "urn:b"]);
    const repeated = extractFacts({ iss: ISS, groups: ["a", "b"], eduperson_entitlement: ["a"] });
    assert.deepEqual(repeated.groups, ["a", "b"]);
  });

  it("reads null-prototype objects and ignores other prototypes' claims", () => {
    const bare = Object.assign(Object.create(null) as object, { iss: ISS, jti: "j", iat: 5 });
    assert.deepEqual(extractFacts(bare), facts({ iss: ISS, jti: "j", iat: 5 }));
    class Claims {
      sub = "own";
    }
    Object.defineProperty(Claims.prototype, "iss", { value: ISS });
    assert.deepEqual(extractFacts(new Claims()), facts({ sub: "own" }));
  });

  it("falls back to own-property checks while Object.prototype carries a claim", () => {
    const proto = Object.prototype as Record<string, unknown>;
    // Built before polluting: facts() itself would read the polluted values.
    const some = facts({ iss: ISS, sub: "s" });
    const none = facts();
    for (const name of NAMES) {
      proto[name] = name === "iat" ? 1 : name.endsWith("groups") ? ["/polluted"] : "polluted";
      try {
        assert.deepEqual(extractFacts(JSON.parse(`{"iss":"${ISS}","sub":"s"}`)), some, name);
        assert.deepEqual(extractFacts(JSON.parse("{}")), none, name);
      } finally {
        delete proto[name];
      }
    }
  });

  it("reads array entries by index, as the general path does", () => {
    const holey: unknown[] = ["/a"];
    holey[2] = "/c";
    const f = extractFacts({ iss: ISS, groups: holey });
    assert.deepEqual(f.groups, ["/a", "/c"]);
    assert.deepEqual(f.notes, [
      "groups: 1 of 3 entries ignored (not non-empty strings of at most 1024 characters)",
    ]);
  });
});
