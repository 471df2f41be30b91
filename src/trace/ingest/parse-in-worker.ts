import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { FileJob, FlushSegment } from "./parse-run.js";
import type { WorkerMessage } from "./worker-protocol.js";

type Done = Extract<WorkerMessage, { type: "done" }>;

/**
 * Starts the worker: the compiled JavaScript when built; in development and tests (TypeScript
 * under tsx) a small bootstrap registers tsx in the worker first, as Node 20 does not carry the
 * parent's loader hooks into worker threads.
 */
function startWorker(jobs: readonly FileJob[]): Worker {
  const js = new URL("./parse-worker.js", import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js, { workerData: { jobs } });
  const ts = new URL("./parse-worker.ts", import.meta.url).href;
  const boot = `import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(ts)}); })`;
  return new Worker(boot, { eval: true, workerData: { jobs } });
}

/**
 * Runs the jobs through the parse worker (parse-worker.ts) and writes each segment it sends with
 * `write`, acknowledging it afterwards, so the worker parses segment n+1 while segment n is
 * written. A failure on either side stops both and rejects.
 */
export function parseInWorker(
  jobs: readonly FileJob[],
  write: FlushSegment,
  onProgress: (p: { bytes: number; lines: number; file: string }) => void,
): Promise<Done> {
  return new Promise<Done>((resolve, reject) => {
    const worker = startWorker(jobs);
    let writing: Promise<void> = Promise.resolve();
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      void worker.terminate();
      reject(err instanceof Error ? err : new Error(String(err)));
    };
    worker.on("message", (m: WorkerMessage) => {
      switch (m.type) {
        case "segment": {
          const batch = { ...m.batch, data: splitData(m.batch.data[0] ?? "") };
          writing = writing
            .then(() => write(batch, m.checkpoints, m.bad))
            .then(() => worker.postMessage({ type: "ack" }), fail);
          break;
        }
        case "progress":
          onProgress(m);
          break;
        case "done":
          void writing.then(() => {
            if (failed) return;
            failed = true; // settled: the exit that follows is expected
            void worker.terminate();
            resolve(m);
          });
          break;
        case "error":
          fail(new Error(`ingest worker: ${m.message}`));
          break;
      }
    });
    worker.on("error", fail);
    worker.on("exit", (code) => {
      if (code !== 0 && !failed) fail(new Error(`ingest worker exited with code ${code}`));
    });
  });
}

function splitData(joined: string): string[] {
  return joined === "" ? [] : joined.split("\n");
}
