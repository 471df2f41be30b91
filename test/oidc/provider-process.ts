import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** The real OpenID Provider of test/oidc/provider.ts, in a child process of its own. */
export interface ProviderProcess {
  issuer: string;
  /** Sends one message (clients once, accounts any time) and waits for its acknowledgement. */
  configure(msg: { clients?: object[]; accounts?: Record<string, object> }): Promise<void>;
  /** What it wrote to stderr (warnings), for failure messages. */
  stderr(): string;
  /** Kills it and waits until it is gone. */
  stop(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL("./provider.ts", import.meta.url));

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Starts the provider on 127.0.0.1 at a free port; resolves once its issuer URL is known. */
export async function startProvider(): Promise<ProviderProcess> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ["--import", "tsx", SCRIPT],
    { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, NODE_ENV: "test" } },
  );
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const waiting = new Map<number, () => void>();
  let onIssuer: (issuer: string) => void = () => undefined;
  const issuer = new Promise<string>((resolve) => (onIssuer = resolve));
  createInterface({ input: child.stdout }).on("line", (line) => {
    // oidc-provider prints its development-mode warnings on stdout too: skip anything not ours.
    if (!line.startsWith("{")) return void (err += `${line}\n`);
    const msg = JSON.parse(line) as { issuer?: string; ack?: number };
    if (msg.issuer !== undefined) onIssuer(msg.issuer);
    if (msg.ack !== undefined) waiting.get(msg.ack)?.();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const failed = exited.then(() => {
    throw new Error(`the test OIDC provider exited early:\n${err}`);
  });
  failed.catch(() => undefined);
  let seq = 0;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const killed = await withTimeout(exited, 5000, "provider exit").then(
      () => true,
      () => false,
    );
    if (!killed) {
      child.kill("SIGKILL");
      await exited;
    }
  };
  try {
    return {
      issuer: await withTimeout(Promise.race([issuer, failed]), 20_000, "provider start"),
      async configure(msg) {
        const n = ++seq;
        const acked = new Promise<void>((resolve) => waiting.set(n, resolve));
        child.stdin.write(`${JSON.stringify({ ...msg, seq: n })}\n`);
        await withTimeout(Promise.race([acked, failed]), 10_000, "provider configure");
      },
      stderr: () => err,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
