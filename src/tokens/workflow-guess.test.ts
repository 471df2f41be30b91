import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EXAMPLE_WORKFLOWS } from "../risk/demo/example-catalogue.js";
import { NOW } from "../test-support/token-factory.js";
import { guessWorkflow, type WorkflowDescriptor } from "./workflow-guess.js";

/** The working group's six workflows a–f, as the example assessment ships them. */
const WORKFLOWS: WorkflowDescriptor[] = EXAMPLE_WORKFLOWS.map((w) => ({
  id: w.id,
  name: w.name,
  lifetime: w.lifetime ?? "",
  scopeBreadth: w.scopeBreadth ?? "",
  refreshExchange: w.refreshExchange ?? "",
  holder: w.holder ?? "",
}));

const HOUR = 3600;
const base = (lifetime: number, extra: Record<string, unknown>): Record<string, unknown> => ({
  "wlcg.ver": "1.0",
  iss: "https://atlas-auth.cern.ch/",
  sub: "9a7b2c1d-0000-4000-8000-000000000001",
  aud: "https://eosatlas.cern.ch",
  iat: NOW,
  exp: NOW + lifetime,
  jti: "jti-1",
  ...extra,
});

/** Tokens shaped like each workflow, as an issuer would mint them. */
const TOKENS: Record<string, Record<string, unknown>> = {
  a: base(4 * 24 * HOUR, {
    client_id: "fts3-atlas",
    scope: "storage.read:/atlas/rucio/data23/AOD storage.create:/atlas/rucio/scratch/t-42",
  }),
  b: base(HOUR, {
    client_id: "fts3-cms",
    act: { client_id: "fts3-cms" },
    scope: "storage.read:/store storage.modify:/store/user/alice offline_access",
  }),
  c: base(4 * 24 * HOUR, {
    client_id: "atlas-harvester-pilot",
    scope: "storage.read:/atlas storage.create:/atlas/output compute.create",
  }),
  d: base(HOUR, {
    client_id: "panda-harvester",
    scope: "storage.read:/atlas/data storage.create:/atlas/output/job-1",
  }),
  e: base(HOUR, {
    client_id: "oidc-agent",
    preferred_username: "alice",
    auth_time: NOW - 60,
    scope: "storage.read:/atlas/user/alice storage.modify:/atlas/user/alice",
  }),
  f: base(HOUR, {
    client_id: "oidc-agent",
    preferred_username: "alice",
    aud: "condor://ce.example.org",
    scope: "compute.create compute.read compute.cancel compute.modify",
  }),
};

/** Hand-computed scores (points / 10) of the top two candidates per token. */
const EXPECTED: Record<string, [string, number, string, number]> = {
  a: ["a", 0.8, "b", 0.1],
  b: ["b", 1, "a", 0.2],
  c: ["c", 0.6, "d", 0.25],
  d: ["d", 0.65, "c", 0.2],
  e: ["e", 0.5, "b", 0.1],
  f: ["f", 0.5, "e", 0.1],
};

describe("guessWorkflow on tokens shaped like workflows a–f", () => {
  for (const [id, claims] of Object.entries(TOKENS)) {
    it(`a workflow-${id} token is most likely ${id}`, () => {
      const guess = guessWorkflow(claims, WORKFLOWS);
      const [first, second] = guess.candidates;
      assert.deepEqual(
        [first?.workflowId, first?.score, second?.workflowId, second?.score],
        EXPECTED[id],
      );
      assert.equal(guess.best?.workflowId, id);
      assert.equal(guess.ambiguous, false);
      assert.equal(guess.candidates.length, 3);
      assert.match(guess.caveat, /not a certainty/);
    });
  }

  it("explains each aspect with points", () => {
    const guess = guessWorkflow(TOKENS["a"] ?? {}, WORKFLOWS);
    assert.deepEqual(guess.best?.reasons, [
      {
        aspect: "holder",
        points: 3,
        text: `holder: client "fts3-atlas" names FTS fits the workflow's fts`,
      },
      {
        aspect: "activity",
        points: 2,
        text: "activity: storage.* scopes only fits the workflow's storage",
      },
      {
        aspect: "lifetime",
        points: 2,
        text: "lifetime: lifetime 4 d (over 6 h) fits the workflow's long",
      },
      {
        aspect: "renewal",
        points: 0,
        text: "renewal: not stated for this workflow (token: no act claim and no offline_access scope)",
      },
      {
        aspect: "breadth",
        points: 1,
        text: "breadth: storage scopes on sub-paths, no storage.modify fits the workflow's narrow",
      },
    ]);
  });

  it("is deterministic and keeps the catalogue's order on ties", () => {
    const claims = TOKENS["e"] ?? {};
    assert.deepEqual(guessWorkflow(claims, WORKFLOWS), guessWorkflow(claims, WORKFLOWS));
    const twins = [
      {
        id: "x",
        name: "User data management",
        lifetime: "",
        scopeBreadth: "",
        refreshExchange: "",
        holder: "user",
      },
      {
        id: "y",
        name: "User data management",
        lifetime: "",
        scopeBreadth: "",
        refreshExchange: "",
        holder: "user",
      },
    ];
    const guess = guessWorkflow(claims, twins);
    assert.deepEqual(
      guess.candidates.map((c) => c.workflowId),
      ["x", "y"],
    );
    assert.equal(guess.ambiguous, true);
  });

  it("names no best workflow when nothing fits", () => {
    const ftsOnly = WORKFLOWS.filter((w) => w.id === "a");
    const guess = guessWorkflow(TOKENS["f"] ?? {}, ftsOnly);
    assert.equal(guess.best, null);
    assert.equal(guess.candidates[0]?.score, -0.7); // holder −3, activity −2, lifetime −2
  });

  it("a token that shows almost nothing gets only weak scores", () => {
    const guess = guessWorkflow({ sub: "s", iat: NOW, exp: NOW + HOUR }, WORKFLOWS, { limit: 6 });
    assert.equal(guess.candidates.length, 6);
    assert.ok(
      guess.candidates.every((c) => c.score <= 0.2),
      JSON.stringify(guess.candidates.map((c) => c.score)),
    );
    assert.equal(guess.observed.holder.value, null);
  });
});
