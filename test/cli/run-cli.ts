import { spawn } from "node:child_process";
import { join } from "node:path";

const ENTRY = join(import.meta.dirname, "../../src/cli/entry.ts");

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
