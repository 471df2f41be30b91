/**
 * Child processes for the HTTP benchmarks: `ttt serve` (or any script that prints its
 * `http://127.0.0.1:<port>` address on stdout) under tsx, and a clean stop.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

/** The CLI's TypeScript entry point, run under tsx so a benchmark needs no build. */
export const CLI_ENTRY = join(import.meta.dirname, "../src/cli/entry.ts");

export interface Server {
  url: string;
  child: ChildProcess;
}

/**
 * Starts `node --import tsx <args>` and resolves with the loopback address it prints.
 * TTT_BENCH_PROFILE=DIR writes a CPU profile of the process to DIR (open it in Chrome DevTools).
 */
export async function startServer(
  args: string[],
  env: Record<string, string> = {},
): Promise<Server> {
  const profile = process.env["TTT_BENCH_PROFILE"];
  const flags = profile === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${profile}`];
  const child = spawn(process.execPath, [...flags, "--import", "tsx", ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = "";
    child.stdout?.on("data", (d: Buffer) => {
      seen += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (m) resolve(m[1]!);
    });
    child.on("exit", (code) => reject(new Error(`server exited (${code}) before listening`)));
  });
  child.stdout?.resume();
  return { url, child };
}

/** Stops a server started by startServer and waits for it to exit. */
export function stopServer(c: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve();
    c.once("exit", () => resolve());
    c.kill("SIGTERM");
  });
}
