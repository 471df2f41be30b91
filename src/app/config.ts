import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { parseWebhookUrl } from "../trace/index.js";
import { isLoopbackHost, OIDC_DEFAULT_SCOPES, Role, type OidcSettings } from "../accounts/index.js";
import { ValidationError } from "../core/errors.js";
import { describeIssues, fieldIssues } from "../core/validation.js";

/** TTT_OIDC_ROLE_MAP: JSON text (environment) or an object (config file), group → role. */
const OidcRoleMap = z
  .union([z.string(), z.record(z.string(), z.unknown())])
  .transform((v, ctx): unknown => {
    if (typeof v !== "string") return v;
    try {
      return JSON.parse(v);
    } catch (err) {
      ctx.addIssue({
        code: "custom",
        message: `not valid JSON (${(err as Error).message}); expected e.g. {"/wlcg/ttt/facilitators":"facilitator"}`,
      });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string().min(1), Role, { error: "must be a JSON object of group → role" }));

/** An http(s) URL; the issuer must be https unless on loopback (its keys must come over TLS). */
const HttpUrl = z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" });
const OidcIssuer = HttpUrl.refine(
  (u) => !URL.canParse(u) || u.startsWith("https://") || isLoopbackHost(new URL(u).hostname),
  "must be https:// (http:// only on a loopback address)",
);

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
  /** Verified tokens remembered by the decision point until their exp (0: verify every time). */
  tokenCacheSize: z.coerce.number().int().min(0).max(10_000_000).default(100_000),
  /** OIDC login, off unless oidcIssuer is set (accounts/oidc). */
  oidcIssuer: OidcIssuer.optional(),
  oidcClientId: z.string().min(1).max(255).optional(),
  oidcClientSecret: z.string().min(1).max(1024).optional(),
  oidcRedirectUrl: HttpUrl.optional(),
  oidcScopes: z
    .string()
    .refine((s) => s.split(/\s+/).includes("openid"), 'must include "openid"')
    .default(OIDC_DEFAULT_SCOPES),
  oidcName: z.string().min(1).max(100).optional(),
  oidcRoleClaim: z.string().min(1).max(200).default("groups"),
  oidcRoleMap: OidcRoleMap.default({}),
  oidcDefaultRole: z.union([Role, z.literal("none")]).default("none"),
  /** The ban feed's signing keys (default: <dataDir>/feed-keys). */
  feedKeyDir: z.string().min(1).optional(),
  /** Where this server is reached: the SSF issuer (default http://localhost:<port>). */
  publicUrl: HttpUrl.optional(),
  /** Largest log one POST /api/v1/ingest takes (bytes as sent; default 2 GiB). */
  ingestMaxBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .max(2 ** 40)
    .default(2 * 1024 ** 3),
  /** Ingested events older than this many days are deleted (0: keep everything). */
  traceRetentionDays: z.coerce.number().int().min(0).max(36_500).default(0),
  /** `site` accounts must be bound to a site (users.site) to ingest logs. */
  requireSiteBinding: z.stringbool().default(false),
  /** Where alerts are POSTed (https, or http on loopback); none when unset. */
  alertWebhookUrl: z
    .string()
    .refine((u) => webhookUrlProblem(u) === null, { message: "https URL, or http on loopback" })
    .optional(),
  /** Signs each alert POST (x-ttt-signature: sha256=HMAC of the body). */
  alertWebhookSecret: z.string().min(16).max(1024).optional(),
});
export type Config = z.infer<typeof ConfigSchema>;

/** Settings that only make sense together (an issuer needs a client id, and the reverse). */
const CheckedConfig = ConfigSchema.superRefine((c, ctx) => {
  const requires = (key: keyof Config, message: string) =>
    ctx.addIssue({ code: "custom", path: [key], message });
  if (c.oidcIssuer !== undefined && c.oidcClientId === undefined)
    requires("oidcClientId", "required when TTT_OIDC_ISSUER is set");
  if (c.oidcIssuer === undefined && c.oidcClientId !== undefined)
    requires("oidcIssuer", "required when TTT_OIDC_CLIENT_ID is set");
});

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
  TTT_TOKEN_CACHE_SIZE: "tokenCacheSize",
  TTT_OIDC_ISSUER: "oidcIssuer",
  TTT_OIDC_CLIENT_ID: "oidcClientId",
  TTT_OIDC_CLIENT_SECRET: "oidcClientSecret",
  TTT_OIDC_REDIRECT_URL: "oidcRedirectUrl",
  TTT_OIDC_SCOPES: "oidcScopes",
  TTT_OIDC_NAME: "oidcName",
  TTT_OIDC_ROLE_CLAIM: "oidcRoleClaim",
  TTT_OIDC_ROLE_MAP: "oidcRoleMap",
  TTT_OIDC_DEFAULT_ROLE: "oidcDefaultRole",
  TTT_FEED_KEY_DIR: "feedKeyDir",
  TTT_PUBLIC_URL: "publicUrl",
  TTT_INGEST_MAX_BYTES: "ingestMaxBytes",
  TTT_TRACE_RETENTION_DAYS: "traceRetentionDays",
  TTT_REQUIRE_SITE_BINDING: "requireSiteBinding",
  TTT_ALERT_WEBHOOK_URL: "alertWebhookUrl",
  TTT_ALERT_WEBHOOK_SECRET: "alertWebhookSecret",
};
const SECRET_KEYS = new Set<string>(["adminPassword", "oidcClientSecret", "alertWebhookSecret"]);

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
  const result = CheckedConfig.safeParse(merged);
  if (!result.success) {
    // Name the source of each bad value: the flag, the variable, or the file. A nested path
    // (a role-map entry) is named by its top-level setting.
    const topKey = (path: string): string => /^[^.[]+/.exec(path)?.[0] ?? path;
    const envName = (key: string) => Object.keys(ENV).find((k) => ENV[k] === key);
    const source = (path: string): string => {
      const key = topKey(path);
      const tail = path.slice(key.length);
      const rest = tail.startsWith(".") ? `[${JSON.stringify(tail.slice(1))}]` : tail;
      if (key in definedFlags)
        return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}${rest}`;
      if (key in envLayer) return `${envName(key) ?? key}${rest}`;
      if (key in fileLayer) return `${file}: ${path}`;
      return envName(key) ?? path;
    };
    const shown = (path: string): string => {
      const key = topKey(path);
      const value = SECRET_KEYS.has(key) ? "(hidden)" : merged[key as keyof typeof merged];
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

/** The OIDC settings when OIDC login is configured, else undefined (login with OIDC is off). */
export function oidcSettings(config: Config): OidcSettings | undefined {
  if (config.oidcIssuer === undefined || config.oidcClientId === undefined) return undefined;
  return {
    issuer: config.oidcIssuer,
    clientId: config.oidcClientId,
    clientSecret: config.oidcClientSecret,
    redirectUrl: config.oidcRedirectUrl,
    scopes: config.oidcScopes.split(/\s+/).filter(Boolean),
    name: config.oidcName ?? new URL(config.oidcIssuer).host,
    roleClaim: config.oidcRoleClaim,
    roleMap: config.oidcRoleMap,
    defaultRole: config.oidcDefaultRole,
  };
}

/** Where the ban feed keeps its signing keys and which issuer it signs as (createContext `feed`). */
export function feedSettings(config: Config): { keyDir: string; issuer: string } {
  return {
    keyDir: config.feedKeyDir ?? join(config.dataDir, "feed-keys"),
    issuer: config.publicUrl ?? `http://localhost:${config.port}`,
  };
}

/** Trace settings for createContext. */
export function traceSettings(config: Config): {
  ingestMaxBytes: number;
  retentionDays: number;
  requireSiteBinding: boolean;
  alertWebhook: { url: string; secret: string | null } | undefined;
} {
  return {
    ingestMaxBytes: config.ingestMaxBytes,
    retentionDays: config.traceRetentionDays,
    requireSiteBinding: config.requireSiteBinding,
    alertWebhook:
      config.alertWebhookUrl === undefined
        ? undefined
        : { url: config.alertWebhookUrl, secret: config.alertWebhookSecret ?? null },
  };
}

/** Why a webhook URL is refused (trace/alerts/webhook.ts decides), or null. */
function webhookUrlProblem(url: string): string | null {
  try {
    parseWebhookUrl(url);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
