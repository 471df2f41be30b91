import { readFileSync } from "node:fs";
import { z } from "zod";
import { ValidationError } from "../core/errors.js";
import { describeIssues, fieldIssues } from "../core/validation.js";

/**
 * Configuration, in rising precedence: defaults < config file (JSON) < environment < flags.
 * Everything is validated here, once; a bad value is reported with where it came from.
 */
export const ConfigSchema = z.strictObject({
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  host: z.string().min(1).default("0.0.0.0"),
  dataDir: z.string().min(1).default("./ttt-data"),
  databaseUrl: z
    .string()
    .regex(
      /^postgres(ql)?:\/\//,
      "must start with postgres:// (leave unset for the embedded SQLite)",
    )
    .optional(),
  adminPassword: z.string().min(8, "must be at least 8 characters").optional(),
  sessionHours: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  /** Mark session cookies Secure (set when served behind TLS). */
  secureCookies: z.stringbool().default(false),
  loadExample: z.stringbool().default(true),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});
export type Config = z.infer<typeof ConfigSchema>;

const ENV: Record<string, keyof Config> = {
  TTT_PORT: "port",
  TTT_HOST: "host",
  TTT_DATA_DIR: "dataDir",
  TTT_DATABASE_URL: "databaseUrl",
  TTT_ADMIN_PASSWORD: "adminPassword",
  TTT_SESSION_HOURS: "sessionHours",
  TTT_SECURE_COOKIES: "secureCookies",
  TTT_LOAD_EXAMPLE: "loadExample",
  TTT_LOG_LEVEL: "logLevel",
};

type Layer = Partial<Record<keyof Config, unknown>>;

function fromEnv(env: NodeJS.ProcessEnv): Layer {
  const out: Layer = {};
  for (const [name, key] of Object.entries(ENV)) {
    const value = env[name];
    if (value !== undefined && value !== "") out[key] = value;
  }
  return out;
}

function fromFile(path: string): Layer {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ValidationError(`config file ${path}: cannot read (${(err as Error).message})`, [
      { path: "config", message: "cannot read" },
    ]);
  }
  try {
    return JSON.parse(text) as Layer;
  } catch (err) {
    throw new ValidationError(`config file ${path}: not JSON (${(err as Error).message})`, [
      { path: "config", message: "not JSON" },
    ]);
  }
}

/** Resolves the configuration; the config file is `--config`, else TTT_CONFIG, else none. */
export function loadConfig(
  flags: Layer & { config?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
): Config {
  const { config: file = env.TTT_CONFIG, ...flagLayer } = flags;
  const definedFlags = Object.fromEntries(
    Object.entries(flagLayer).filter(([, v]) => v !== undefined),
  );
  const fileLayer = file ? fromFile(file) : {};
  const envLayer = fromEnv(env);
  const merged = { ...fileLayer, ...envLayer, ...definedFlags };
  const result = ConfigSchema.safeParse(merged);
  if (!result.success) {
    // Name the source of each bad value: the flag, the variable, or the file.
    const source = (key: string): string => {
      if (key in definedFlags) return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      if (key in envLayer) return Object.keys(ENV).find((k) => ENV[k] === key) ?? key;
      if (key in fileLayer) return `${file}: ${key}`;
      return key;
    };
    const shown = (key: string): string => {
      const value = key === "adminPassword" ? "(hidden)" : merged[key as keyof typeof merged];
      return value === undefined ? "" : ` (got ${JSON.stringify(value)})`;
    };
    const issues = fieldIssues(result.error.issues).map((i) => ({
      path: source(i.path),
      message: `${i.message}${shown(i.path)}`,
    }));
    throw new ValidationError(describeIssues("invalid configuration", issues), issues);
  }
  return result.data;
}
