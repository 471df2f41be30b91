import { spawn } from "node:child_process";
import { join } from "node:path";

const ENTRY = join(import.meta.dirname, "../../src/cli/entry.ts");

/**
 * The time limit of a CLI test suite: a guard against a hang, not a speed check. A suite spawns
 * the CLI dozens of times (each a Node process that loads TypeScript), and on a slow, shared
 * 2-core machine one took 127 s of a 180 s limit and another 57 s of 60 (CI, 2026-11-27).
 */
export const CLI_SUITE_TIMEOUT = 600_000;

export interface Run {
  code: number;
  stdout: string;
  /** stdout as bytes, for binary output (reports). */
  bytes: Buffer;
  stderr: string;
}

/**
 * Runs the real CLI in a child process, with no terminal, optional stdin, on the embedded store
 * (TTT_DATABASE_URL cleared) without the example data unless a test loads it.
 */
export function ttt(
  args: string[],
  opts: { env?: Record<string, string>; stdin?: string } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", ENTRY, ...args], {
      env: {
        ...process.env,
        TTT_LOAD_EXAMPLE: "false",
        TTT_ADMIN_PASSWORD: "cli-admin-password",
        TTT_DATABASE_URL: "",
        ...opts.env,
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const bytes = Buffer.concat(out);
      resolve({ code: code ?? -1, stdout: bytes.toString("utf8"), bytes, stderr });
    });
    child.stdin.end(opts.stdin ?? "");
  });
}
