import { test } from "node:test";
import assert from "node:assert/strict";
import { blankEvent } from "./trace-event.js";
import { scrubTokens } from "./token-scrub.js";

const JWT = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVz";

function scrubbed(object: string | null, details: Record<string, string | number | null>) {
  const e = { ...blankEvent("dcache", 0, "storage.get"), object, details: { ...details } };
  scrubTokens(e);
  return { object: e.object, details: e.details };
}

test("a JWT or a token parameter in the object or any detail becomes [token]", () => {
  const r = scrubbed(`/data/f?authz=Bearer%20${JWT}&x=1`, {
    "tpc.source": `https://se.example.org/f?access_token=${JWT}`,
    reason: `token ${JWT} expired`,
    message: "copy failed: refresh_token=opaque-secret-123 rejected",
    src: "root://se.example.org//f?authz=opaque.value.without.eyJ",
    status: 401,
  });
  assert.equal(r.object, "/data/f?authz=[token]&x=1");
  assert.deepEqual(r.details, {
    "tpc.source": "https://se.example.org/f?access_token=[token]",
    reason: "token [token] expired",
    message: "copy failed: refresh_token=[token] rejected",
    src: "root://se.example.org//f?authz=[token]",
    status: 401,
  });
  assert.ok(!JSON.stringify(r).includes("eyJhbGci"));
});

test("a Bearer header's token (a macaroon, an opaque one) and other parameter spellings are scrubbed", () => {
  const r = scrubbed(null, {
    error:
      "HTTP 401 for Authorization: Bearer MDAxY2xvY2F0aW9uIGRjYWNoZQowMDM0aWRlbnRpZmllcg rejected",
    tpc: "TransferHeaderAuthorization: bearer opaque-value-0123456789",
    exchange: "grant_type=token-exchange&subject_token=abc.def.ghi&actor_token=xyz123456",
    upper: "root://se//f?AUTHZ=Zm9vYmFyYmF6&x=1",
  });
  assert.deepEqual(r.details, {
    error: "HTTP 401 for Authorization: Bearer [token] rejected",
    tpc: "TransferHeaderAuthorization: bearer [token]",
    exchange: "grant_type=token-exchange&subject_token=[token]&actor_token=[token]",
    upper: "root://se//f?AUTHZ=[token]&x=1",
  });
});

test("text that merely resembles token material is kept", () => {
  const r = scrubbed("https://monkeyjumps.example.org/eyJust.a.path", {
    host: "keyjoin.example.org",
    note: "eyJ12345.short",
    query: "token=abc&authz_mode=x&xauthz=keep-this-value",
    words: "the bearer of this message",
  });
  assert.equal(r.object, "https://monkeyjumps.example.org/eyJust.a.path");
  assert.deepEqual(r.details, {
    host: "keyjoin.example.org",
    note: "eyJ12345.short",
    query: "token=abc&authz_mode=x&xauthz=keep-this-value",
    words: "the bearer of this message",
  });
});

test("values without token material are kept as they are (the same strings)", () => {
  const path = "/pnfs/example.org/data/vo/file-1.root";
  const ua = "rclone/v1.66.0";
  const e = {
    ...blankEvent("dcache", 0, "storage.get"),
    object: path,
    details: { userAgent: ua, op: "vo-iam", n: 3 },
  };
  scrubTokens(e);
  assert.equal(e.object, path);
  assert.deepEqual(e.details, { userAgent: ua, op: "vo-iam", n: 3 });
  const none = { ...blankEvent("dcache", 0, "storage.get"), object: null, details: null };
  scrubTokens(none);
  assert.equal(none.details, null);
});
