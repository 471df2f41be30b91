// Rotating the feed's signing key: admin only, audited; the new key signs from then on and the
// previous one stays in the published JWKS, so a SET it signed before still verifies.
import assert from "node:assert/strict";
import { decodeProtectedHeader } from "jose";
import { after, before, describe, it } from "node:test";
import { openStore } from "../../store/index.js";
import { feedApp, type FeedApp, type Headers } from "./transmitter.fixture.js";

describe("ban feed signing-key rotation", () => {
  let t: FeedApp;
  let admin: Headers;
  let site: Headers;
  before(async () => {
    t = await feedApp(await openStore({ dataDir: "", sqliteFile: ":memory:" }));
    admin = await t.as("admin");
    site = await t.as("site", "CERN-PROD");
  });
  after(() => t.close());

  const nextSet = async (streamId: string): Promise<string> => {
    const r = await t.call(site, "POST", `/api/v1/ssf/poll/${streamId}`, {
      returnImmediately: true,
    });
    return Object.values(r.sets as Record<string, string>)[0]!;
  };

  it("rotates for admins only; both keys are published and the new one signs", async () => {
    const responder = await t.as("responder");
    const stream = await t.call(site, "POST", "/api/v1/ssf/streams", {
      delivery: { method: "urn:ietf:rfc:8936" },
    });
    await t.call(responder, "POST", "/api/v1/bans", {
      kind: "token",
      iss: "https://iam.example.org/",
      jti: "before-rotation",
      reason: "stolen",
    });
    const before = await nextSet(stream.stream_id as string);
    const oldKid = decodeProtectedHeader(before).kid;

    await t.call(site, "POST", "/api/v1/ssf/keys/rotate", undefined, [403]);
    const rotated = await t.call(admin, "POST", "/api/v1/ssf/keys/rotate");
    assert.notEqual(rotated.kid, oldKid);
    assert.deepEqual(new Set(rotated.published), new Set([rotated.kid, oldKid]));
    const jwks = await t.call(admin, "GET", "/api/v1/ssf/jwks");
    assert.deepEqual(
      new Set(jwks.keys.map((k: { kid: string }) => k.kid)),
      new Set(rotated.published),
    );

    await t.verify(before, stream.aud as string); // signed with the old key: still verifies
    await t.call(responder, "POST", "/api/v1/bans", {
      kind: "token",
      iss: "https://iam.example.org/",
      jti: "after-rotation",
      reason: "stolen",
    });
    const sets = await t.call(site, "POST", `/api/v1/ssf/poll/${stream.stream_id as string}`, {
      returnImmediately: true,
      ack: [],
    });
    const kids = Object.values(sets.sets as Record<string, string>).map(
      (s) => decodeProtectedHeader(s).kid,
    );
    assert.ok(kids.length > 0 && kids.every((k) => k === rotated.kid), "signed with the new key");
    const audit = await t.call(
      admin,
      "GET",
      `/api/v1/audit?target=feed-key:${rotated.kid as string}`,
    );
    assert.ok(JSON.stringify(audit).includes("feed.key.rotate"), "the rotation is audited");
  });
});
