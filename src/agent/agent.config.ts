/**
 * The site agent's configuration: a YAML file (site.yaml) validated with zod at load time, so
 * a typo is an exit 2 naming the field (`outputs[1].reload.timeoutSec: …`) rather than a
 * surprise at the first ban. The API token is never in the file: it comes from an environment
 * variable (TTT_AGENT_TOKEN unless `transmitter.tokenEnv` names another).
 */
import { readFileSync } from "node:fs";
import { isAbsolute, resolve, dirname } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { ValidationError } from "../core/errors.js";
import { parseInput } from "../core/validation.js";
import { EXPORT_FORMATS, SiteName, renderBanFile } from "../bans/index.js";

/** host:port, port 0 meaning "any free port" (tests). */
const Listen = z
  .string()
  .regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, "host:port, e.g. 127.0.0.1:9464")
  .refine((s) => Number(s.slice(s.lastIndexOf(":") + 1)) <= 65535, "port must be ≤ 65535");

const HttpUrl = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
  .transform((u) => u.replace(/\/+$/, ""));

const Output = z.strictObject({
  format: z.enum(EXPORT_FORMATS),
  /** Where the file is written (atomically); relative paths are taken from the config's folder. */
  path: z.string().min(1),
  /** The format's export options (as `ttt bans export --options`); `site` is the agent's. */
  options: z.record(z.string(), z.unknown()).optional(),
  reload: z
    .strictObject({
      /** argv, run without a shell: ["systemctl", "reload", "dcache"]. */
      command: z.array(z.string().min(1)).min(1),
      timeoutSec: z.number().positive().max(3600).default(30),
    })
    .optional(),
});

export const AgentConfigSchema = z.strictObject({
  site: SiteName,
  stateDir: z.string().min(1),
  transmitter: z.strictObject({
    /** Where the agent reaches the transmitter (its SSF discovery is under this URL). */
    url: HttpUrl,
    /** Expected `iss` of every SET: the transmitter's public URL (its SSF issuer). */
    issuer: z.string().min(1),
    /** Expected `aud`; default `site:<site>`, what the transmitter gives a site's stream. */
    audience: z.string().min(1).optional(),
    /** An existing stream; without it, one is created at first start and remembered. */
    streamId: z.string().min(1).max(200).optional(),
    /** The environment variable holding the site's API token. */
    tokenEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .default("TTT_AGENT_TOKEN"),
    /** Overrides the discovery document's jwks_uri. */
    jwksUrl: HttpUrl.optional(),
    requestTimeoutSec: z.number().positive().max(300).default(30),
  }),
  /**
   * Poll (RFC 8936): the agent asks; push (RFC 8935): the transmitter POSTs each SET to the
   * agent's own endpoint (`path` on the `http` server), authenticated by a bearer secret.
   */
  delivery: z
    .discriminatedUnion("method", [
      z.strictObject({
        method: z.literal("poll"),
        intervalSec: z.number().positive().max(3600).default(5),
        maxEvents: z.int().min(1).max(1000).default(500),
      }),
      z.strictObject({
        method: z.literal("push"),
        /** Where the agent's server takes SETs. */
        path: z
          .string()
          .regex(/^\/[A-Za-z0-9._~/-]*$/, "an absolute URL path, e.g. /ssf/events")
          .default("/ssf/events"),
        /**
         * The URL the transmitter POSTs to (https, or http on loopback); default: the `http`
         * server's address and `path` (right when the transmitter runs on the same host).
         */
        endpointUrl: HttpUrl.optional(),
        /** The environment variable holding the bearer secret the transmitter must send. */
        secretEnv: z
          .string()
          .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
          .default("TTT_AGENT_PUSH_SECRET"),
        /** How often the agent checks its stream's status (contact, staleness) between pushes. */
        heartbeatSec: z.number().positive().max(3600).default(30),
      }),
    ])
    .default({ method: "poll", intervalSec: 5, maxEvents: 500 }),
  /** The health, metrics and local decision server. */
  http: z.strictObject({ listen: Listen.default("127.0.0.1:9464") }).default({
    listen: "127.0.0.1:9464",
  }),
  /** After this many seconds without contact the agent reports itself stale. */
  staleAfterSec: z.number().positive().default(60),
  retry: z
    .strictObject({
      minSec: z.number().positive().default(1),
      maxSec: z.number().positive().default(60),
    })
    .default({ minSec: 1, maxSec: 60 }),
  outputs: z.array(Output).default([]),
});
export type AgentConfig = z.infer<typeof AgentConfigSchema>;
export type OutputConfig = AgentConfig["outputs"][number];

/** Validates a parsed configuration; relative paths are resolved against `baseDir`. */
export function parseAgentConfig(input: unknown, baseDir: string): AgentConfig {
  const c = parseInput(AgentConfigSchema, input, "invalid agent configuration", "config");
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  const paths = c.outputs.map((o) => abs(o.path));
  const twice = paths.findIndex((p, i) => paths.indexOf(p) !== i);
  if (twice !== -1) {
    const path = `config.outputs[${twice}].path`;
    throw new ValidationError(`invalid agent configuration: ${path}: written twice`, [
      { path, message: "another output writes the same file" },
    ]);
  }
  c.outputs.forEach((o, i) => {
    // The renderer validates a format's options; try them now, not at the first ban.
    try {
      renderBanFile(o.format, [], { ...(o.options ?? {}), site: c.site, now: new Date(0) });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const path = `config.outputs[${i}].options`;
      throw new ValidationError(`invalid agent configuration: ${path}: ${err.message}`, [
        { path, message: err.message },
      ]);
    }
  });
  return {
    ...c,
    stateDir: abs(c.stateDir),
    outputs: c.outputs.map((o, i) => ({ ...o, path: paths[i] as string })),
  };
}

/** Reads and validates site.yaml. @throws ValidationError naming the file or the field. */
export function loadAgentConfig(file: string): AgentConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new ValidationError(`cannot read ${file}: ${(err as Error).message}`, [
      { path: "--config", message: "unreadable" },
    ]);
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (err) {
    throw new ValidationError(`${file} is not valid YAML: ${(err as Error).message}`, [
      { path: "--config", message: "not YAML" },
    ]);
  }
  return parseAgentConfig(data, dirname(resolve(file)));
}
