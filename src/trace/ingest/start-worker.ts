import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker, type ResourceLimits } from "node:worker_threads";

/**
 * Starts the worker module `name` (without extension) beside `base` (the caller's
 * import.meta.url): the compiled JavaScript when built; in development and tests (TypeScript
 * under tsx) a small bootstrap registers tsx in the worker first, as Node 20 does not carry the
 * parent's loader hooks into worker threads.
 */
export function startWorker(
  base: string,
  name: string,
  workerData: unknown,
  resourceLimits: ResourceLimits,
): Worker {
  const js = new URL(`./${name}.js`, base);
  if (existsSync(fileURLToPath(js))) return new Worker(js, { workerData, resourceLimits });
  const ts = new URL(`./${name}.ts`, base).href;
  const boot = `import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(ts)}); })`;
  return new Worker(boot, { eval: true, workerData, resourceLimits });
}
