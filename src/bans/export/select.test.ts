// Which bans a file is made from: active and pending only, per site and per issuer, in a fixed
// order, with the moment a static file goes stale.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GOLDEN_BANS, ISS_B, NOW } from "./golden.fixture.js";
import { selectBans } from "./select.js";

const ids = (bans: { id: string }[]) => bans.map((b) => b.id).sort();

describe("selectBans", () => {
  it("keeps active and pending bans, never lifted or expired ones", () => {
    const s = selectBans(GOLDEN_BANS, NOW, { site: null, issuer: null });
    assert.deepEqual(ids(s.pending), ["ban_pending"]);
    assert.equal(s.active.length, 8);
    assert.ok(!ids(s.active).includes("ban_lifted") && !ids(s.active).includes("ban_expired"));
    assert.equal(s.nextChangeAt, "2026-03-01T12:00:00.000Z", "the token ban expires first");
  });

  it("gives a site-limited ban only to its sites", () => {
    const cern = ids(selectBans(GOLDEN_BANS, NOW, { site: "CERN-PROD", issuer: null }).active);
    const desy = ids(selectBans(GOLDEN_BANS, NOW, { site: "DESY-HH", issuer: null }).active);
    assert.ok(cern.includes("ban_identity_cern"));
    assert.ok(!cern.includes("ban_desy_only") && !cern.includes("ban_issuer_desy"));
    assert.ok(desy.includes("ban_desy_only") && desy.includes("ban_issuer_desy"));
    assert.ok(!desy.includes("ban_identity_cern"));
    for (const list of [cern, desy]) assert.ok(list.includes("ban_identity"), "every-site bans");
  });

  it("limits to one issuer and orders by issuer, kind, key and id", () => {
    const b = selectBans(GOLDEN_BANS, NOW, { site: null, issuer: ISS_B });
    assert.deepEqual(
      b.active.map((x) => x.id),
      ["ban_identity_cern", "ban_issuer_desy"],
    );
    const all = selectBans(GOLDEN_BANS, NOW, { site: null, issuer: null }).active;
    assert.deepEqual(
      all.map((x) => x.kind),
      ["identity", "issuer", "token", "identity", "identity", "identity-before", "client", "group"],
    );
  });

  it("moves a pending ban to active from the first millisecond of startsAt", () => {
    const at = new Date("2026-03-02T00:00:00.000Z");
    const s = selectBans(GOLDEN_BANS, at, { site: null, issuer: null });
    assert.ok(ids(s.active).includes("ban_pending"));
    assert.deepEqual(s.pending, []);
  });
});
