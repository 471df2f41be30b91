// The agent's configuration: defaults, relative paths, and refusals that name the field.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ValidationError } from "../core/errors.js";
import { loadAgentConfig, parseAgentConfig } from "./agent.config.js";

const base = {
  site: "CERN-PROD",
  stateDir: "state",
  transmitter: { url: "https://ttt.example.org/", issuer: "https://ttt.example.org/" },
  outputs: [{ format: "json", path: "out/bans.json" }],
};

function refusal(input: unknown): string {
  try {
    parseAgentConfig(input, "/etc/ttt");
  } catch (err) {
    assert.ok(err instanceof ValidationError);
    return err.message;
  }
  assert.fail("accepted");
}

describe("agent configuration", () => {
  it("fills defaults and resolves paths against the config's folder", () => {
    const c = parseAgentConfig(base, "/etc/ttt");
    assert.equal(c.stateDir, "/etc/ttt/state");
    assert.equal(c.outputs[0]?.path, "/etc/ttt/out/bans.json");
    assert.equal(c.transmitter.url, "https://ttt.example.org");
    assert.equal(c.transmitter.tokenEnv, "TTT_AGENT_TOKEN");
    assert.deepEqual(c.delivery, { method: "poll", intervalSec: 5, maxEvents: 500 });
    assert.equal(c.http.listen, "127.0.0.1:9464");
  });

  it("refuses bad values naming the field", () => {
    assert.match(refusal({ ...base, site: "bad site" }), /config\.site/);
    assert.match(
      refusal({ ...base, outputs: [{ format: "nginx", path: "x" }] }),
      /config\.outputs\[0\]\.format/,
    );
    assert.match(
      refusal({
        ...base,
        outputs: [{ format: "json", path: "x", reload: { command: [], timeoutSec: 5 } }],
      }),
      /config\.outputs\[0\]\.reload\.command/,
    );
    assert.match(refusal({ ...base, delivery: { method: "pigeon" } }), /config\.delivery\.method/);
    assert.match(refusal({ ...base, http: { listen: "everywhere" } }), /config\.http\.listen/);
    assert.match(refusal({ ...base, extra: 1 }), /extra/);
    assert.match(
      refusal({ ...base, outputs: [{ format: "xrootd", path: "x" }] }),
      /config\.outputs\[0\]\.options: .*issuer/,
    );
    assert.match(
      refusal({ ...base, outputs: [base.outputs[0], { format: "dcache", path: "out/bans.json" }] }),
      /outputs\[1\]\.path: written twice/,
    );
  });

  it("reads YAML files and names what is wrong with them", () => {
    const dir = mkdtempSync(join(tmpdir(), "ttt-agent-config-"));
    const file = join(dir, "site.yaml");
    writeFileSync(file, "site: CERN-PROD\nstateDir: s\ntransmitter: {url: x}\n");
    assert.throws(() => loadAgentConfig(file), /config\.transmitter\.url/);
    writeFileSync(file, "site: [\n");
    assert.throws(() => loadAgentConfig(file), /not valid YAML/);
    assert.throws(() => loadAgentConfig(join(dir, "missing.yaml")), /cannot read/);
  });
});
