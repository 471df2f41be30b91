import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { extractFacts, facts } from "./claims.js";

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
