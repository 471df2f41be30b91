import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ingestWorld } from "../../test-support/ingest-world.js";
import { dcacheLine } from "../../test-support/log-lines.js";

/**
 * No raw bearer token is stored, whichever field of a log line carries one: dCache keeps every
 * `tpc.*` key and the response reason as free text, and a TPC URL may hold `?authz=` or a JWT.
 */
const JWT = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVz";
const w = ingestWorld("no-raw-tokens");

test("a token in a TPC URL or a response reason is stored as [token]", async () => {
  const line =
    dcacheLine(1).replace("response.reason=OK", `response.reason="token ${JWT} rejected"`) +
    ` tpc.source=https://se.example.org/f?authz=Bearer%20${JWT}&x=1`;
  writeFileSync(join(w.dir, "door.access"), line + "\n");
  const r = await w.ingest(w.dir);
  assert.equal(r.events, 1);
  assert.equal(r.bad, 0);
  const rows = await w.ctx.store.db.selectFrom("trace_events").select("data").execute();
  const stored = rows.map((row) => row.data).join("\n");
  assert.ok(!stored.includes("eyJhbGci"), stored);
  assert.match(stored, /"reason":"token \[token\] rejected"/);
  assert.match(stored, /"tpc\.source":"https:\/\/se\.example\.org\/f\?authz=\[token\]&x=1"/);
});

test("a bad line's sample and message never keep a token either", async () => {
  const macaroon = "MDAxY2xvY2F0aW9uIGRjYWNoZQowMDM0aWRlbnRpZmllcg";
  // Early in the line, so the 200-character sample would show it.
  const line = dcacheLine(2)
    .replace(/ts=2024-/, "ts=0024-")
    .replace(" event=", ` tpc.source=https://se.example.org/f?authz=Bearer%20${macaroon} event=`);
  writeFileSync(join(w.dir, "bad.access"), line + "\n");
  const r = await w.ingest(join(w.dir, "bad.access"));
  assert.equal(r.badByReason.bad_timestamp, 1);
  const rows = await w.ctx.store.db.selectFrom("trace_bad_lines").selectAll().execute();
  const stored = JSON.stringify(rows) + JSON.stringify(r.badLines);
  assert.ok(!stored.includes(macaroon), stored);
  assert.match(stored, /authz=\[token\]/);
});
