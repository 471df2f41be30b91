// The incident pages' pure helpers: playbook commands filled from the linked token (quoted for
// the shell, unfillable slots left) and a folder upload's site.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { IncidentToken } from "../../web/src/api/incidents.js";
import { siteOfPath } from "../../web/src/incidents/ingest-site.js";
import { fillCommand } from "../../web/src/incidents/playbook-command.js";

const TOKEN: IncidentToken = {
  iss: "https://iam.example.org/",
  sub: "user one",
  jti: "jti-1",
  clientId: null,
  exp: 1_725_350_400,
  workflow: "a",
  addedAt: "2024-09-03T08:00:00.000Z",
  addedBy: "rita",
};

test("fillCommand fills iss, sub, jti, exp and the incident, quoting what the shell needs", () => {
  assert.equal(
    fillCommand(
      'ttt ban token --iss <iss> --jti <jti> --token-exp <exp> --reason "x" --incident <incident> && ttt ban subject --sub <sub>',
      TOKEN,
      "inc_1",
    ),
    "ttt ban token --iss https://iam.example.org/ --jti jti-1 --token-exp 1725350400 " +
      "--reason \"x\" --incident inc_1 && ttt ban subject --sub 'user one'",
  );
  assert.equal(fillCommand("--sub <sub>", { ...TOKEN, sub: "it's" }, "i"), "--sub 'it'\\''s'");
});

test("fillCommand leaves slots it cannot fill", () => {
  assert.equal(
    fillCommand("--jti <jti> --since <ban-time> --iss <iss>", undefined, "inc_2"),
    "--jti <jti> --since <ban-time> --iss <iss>",
  );
  assert.equal(fillCommand("--jti <jti>", { ...TOKEN, jti: null }, "i"), "--jti <jti>");
});

test("siteOfPath takes the first folder below the chosen one", () => {
  assert.equal(siteOfPath("day2/site-01/dcache/webdavDomain.access.2024-09-03"), "site-01");
  assert.equal(siteOfPath("day2/iam.log"), null);
  assert.equal(siteOfPath(""), null);
});
