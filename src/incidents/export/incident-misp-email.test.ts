import { test } from "node:test";
import assert from "node:assert/strict";
import { body, exportData, ISS } from "./incident-export.fixture.js";

test("misp: event fields, TLP tag, deduplicated ip-src, one object per token with an issuer", () => {
  const e = (JSON.parse(body("misp")) as { Event: Record<string, any> }).Event;
  assert.equal(e["info"], "Security incident inc_1: Stolen access token");
  assert.equal(e["date"], "2024-05-01");
  assert.equal(e["threat_level_id"], "1");
  assert.equal(e["analysis"], "1");
  assert.equal(e["distribution"], "0");
  assert.deepEqual(e["Tag"], [{ name: "tlp:amber" }]);
  const ips = e["Attribute"].filter((a: any) => a.type === "ip-src");
  assert.deepEqual(
    ips.map((a: any) => [a.value, a.to_ids, a.category]),
    [
      ["203.0.113.7", true, "Network activity"],
      ["203.0.113.5", true, "Network activity"],
      ["203.0.113.9", false, "Network activity"],
    ],
  );
  const text = e["Attribute"].filter((a: any) => a.type === "text");
  assert.deepEqual(
    text.map((a: any) => a.value),
    ["A token of u-1 was used from an unknown address."],
  );
  const objects = e["Object"] as any[];
  assert.equal(objects.length, 4, "dddd-4 has no issuer: left out; at-1 is linked, not traced");
  for (const o of objects) {
    assert.equal(o.name, "ttt-token-identity");
    assert.equal(o["meta-category"], "misc");
    assert.equal(o.template_uuid, "1bc2fe2b-1511-431a-a915-bdf273c3d4b0");
    assert.equal(o.template_version, "1");
  }
  const rel = (o: any) => o.Attribute.map((a: any) => [a.object_relation, a.type, a.value]);
  assert.deepEqual(rel(objects[0]), [
    ["iss", "text", ISS],
    ["sub", "text", "u-1"],
    ["jti", "text", "aaaa-1"],
    ["client-id", "text", "client-1"],
    ["kind", "text", "access"],
  ]);
  assert.deepEqual(rel(objects[1]), [
    ["iss", "text", ISS],
    ["sub", "text", "u-1"],
    ["jti", "text", "bbbb-2"],
    ["kind", "text", "refresh"],
  ]);
  assert.equal(objects[1].comment, "derived from token aaaa-1");
  assert.equal(rel(objects[2])[1][2], "u-2");
  assert.deepEqual(rel(objects[3]), [
    ["iss", "text", ISS],
    ["sub", "text", "u-1"],
    ["jti", "text", "at-1"],
    ["client-id", "text", "notebook"],
    ["kind", "text", "unknown"],
  ]);
});

test("misp: AMBER+STRICT and CLEAR tags, resolved analysis, severity levels", () => {
  const data = exportData();
  data.incident.tlp = "AMBER+STRICT";
  data.incident.state = "resolved";
  data.incident.severity = "low";
  const e = (JSON.parse(body("misp", data)) as { Event: Record<string, any> }).Event;
  assert.deepEqual(e["Tag"], [{ name: "tlp:amber+strict" }]);
  assert.equal(e["analysis"], "2");
  assert.equal(e["threat_level_id"], "3");
  data.incident.tlp = "CLEAR";
  data.incident.severity = "medium";
  const c = (JSON.parse(body("misp", data)) as { Event: Record<string, any> }).Event;
  assert.deepEqual(c["Tag"], [{ name: "tlp:clear" }]);
  assert.equal(c["threat_level_id"], "2");
});

test("email: subject line, identities, tokens, bans in force, TLP at both ends", () => {
  const mail = body("email");
  const lines = mail.split("\n");
  assert.equal(lines[0], "Subject: [TLP:AMBER] Security incident inc_1: Stolen access token");
  assert.equal(lines[1], "");
  const tlp =
    "TLP:AMBER — limited disclosure, recipients can only spread this on a need-to-know basis " +
    "within their organization and its clients";
  assert.equal(lines[2], tlp);
  assert.equal(lines.at(-2), tlp);
  assert.ok(mail.includes("Affected sites: SITE-A, SITE-B."));
  assert.ok(mail.includes("  - sub u-1 (issuer https://iam.example.org/)\n  - sub u-2 (issuer"));
  assert.ok(mail.includes("  - jti bbbb-2 (refresh, sub u-1)\n"));
  assert.ok(mail.includes("  - jti at-1 (linked to the case, sub u-1)\n"));
  assert.ok(mail.includes("  - ban_1 (token): denies jti aaaa-1 — stolen | leaked\n"));
  assert.ok(!mail.includes("ban_0"), "lifted bans are not in force");
  assert.ok(mail.includes("`ttt agent`"));
  assert.ok(mail.includes("Reply to this message; do not forward beyond the TLP.\n"));
});
