import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { Command } from "commander";
import { genLogsCommand } from "../../cli/commands/gen-logs.command.js";
import { ValidationError } from "../../core/errors.js";

const dir = mkdtempSync(join(tmpdir(), "ttt-gen-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function program(): Command {
  const p = new Command("ttt").option("--json").exitOverride();
  genLogsCommand(p);
  for (const c of p.commands) c.exitOverride();
  return p;
}

/** Runs the command with stdout and stderr captured. */
async function run(args: string[]): Promise<{ out: string; err: string }> {
  let out = "";
  let err = "";
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  process.stdout.write = (s: string) => ((out += s), true);
  process.stderr.write = (s: string) => ((err += s), true);
  try {
    await program().parseAsync(args, { from: "user" });
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
  return { out, err };
}

describe("ttt gen-logs (CLI)", () => {
  it("refuses a bad flag with a ValidationError naming it", async () => {
    await assert.rejects(
      run(["gen-logs", "--out", join(dir, "x"), "--sites", "0"]),
      (e: unknown) => {
        assert.ok(e instanceof ValidationError);
        assert.equal(e.issues[0]?.path, "--sites");
        return true;
      },
    );
    await assert.rejects(
      run(["gen-logs", "--out", join(dir, "y"), "--rate", "fast"]),
      (e: unknown) => {
        assert.ok(e instanceof ValidationError);
        assert.equal(e.issues[0]?.path, "--rate");
        return true;
      },
    );
  });

  it("writes the logs and prints the summary as JSON with --json", async () => {
    const out = join(dir, "run");
    const r = await run([
      "--json",
      "gen-logs",
      "--out",
      out,
      "--sites",
      "1",
      "--days",
      "1",
      "--users",
      "2",
      "--seed",
      "4",
    ]);
    const summary = JSON.parse(r.out);
    assert.equal(summary.out, out);
    assert.ok(
      summary.lines > 100 && summary.files > 5 && summary.bytes > 0 && summary.linesPerSecond > 0,
    );
    assert.match(r.err, /day 1\/1/);
    assert.ok(readdirSync(out).includes("iam"));
  });
});
