import { z } from "zod";
import { ValidationError } from "../../core/errors.js";
import { parseInput } from "../../core/validation.js";
import { BanKeyString, IssuerUrl, SiteName, issuerProblem } from "../ban.schema.js";
import { EXPORT_FORMATS, type ExportFormat } from "./formats.js";

/**
 * The options of a ban-file export, validated at every edge (HTTP query, CLI, direct calls).
 * Values that end up inside a middleware's configuration (op aliases, user names, paths) are
 * restricted to characters that need no quoting in any of the formats, so an option can never
 * inject syntax; ban keys are checked per format at render time instead (see text.ts).
 */

/** dCache OP alias, HTCondor plugin name, ARC authgroup, StoRM storage area: a plain name. */
const PlainName = (what: string) =>
  z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, `${what}: letters, digits, . _ - (1–64)`);

/** A local account name, as useradd accepts it. */
const UnixUser = z
  .string()
  .regex(/^[a-z_][a-z0-9_-]{0,31}$/, "a local user name: a-z, 0-9, _ and - (1–32), e.g. nobody");

/** An absolute path of plain characters (it goes into a command line in a config file). */
const AbsPath = z
  .string()
  .max(512)
  .regex(/^\/[A-Za-z0-9._/-]*$/, "an absolute path of letters, digits, . _ / -");

export const ExportOptionsSchema = z.strictObject({
  /** Only bans that apply at this site (every-site bans and those listing it). */
  site: SiteName.optional(),
  /** Only bans of this issuer (required by xrootd: a name_mapfile belongs to one issuer). */
  issuer: IssuerUrl.optional(),
  dcache: z
    .strictObject({
      /** The OP alias dCache uses for each issuer (gplazma.oidc.provider!<alias>). */
      ops: z
        .record(z.string(), PlainName("op alias"))
        .superRefine((ops, ctx) => {
          for (const iss of Object.keys(ops)) {
            const problem = issuerProblem(iss);
            if (problem !== null)
              ctx.addIssue({ code: "custom", path: [iss], message: `issuer ${problem}` });
          }
        })
        .optional(),
    })
    .optional(),
  storm: z
    .strictObject({
      /** Storage area names (the `name` of each /etc/storm/webdav/sa.d/*.properties). */
      storageAreas: z.array(PlainName("storage area")).min(1).max(100).optional(),
    })
    .optional(),
  arc: z
    .strictObject({
      authgroup: PlainName("authgroup").optional(),
      /** `authtokens` (ARC ≥ 6.6) or `otokens` (the same rule in earlier ARC 6 releases). */
      rule: z.enum(["authtokens", "otokens"]).optional(),
    })
    .optional(),
  xrootd: z.strictObject({ noAccessUser: UnixUser.optional() }).optional(),
  eos: z
    .strictObject({
      /** The local account each banned identity maps to at this EOS instance. */
      users: z
        .array(z.strictObject({ iss: IssuerUrl, sub: BanKeyString, user: UnixUser }))
        .max(100_000)
        .optional(),
    })
    .optional(),
  condor: z
    .strictObject({
      pluginName: z
        .string()
        .regex(/^[A-Za-z0-9]{1,32}$/, "HTCondor plugin names are alphanumeric (1–32)")
        .optional(),
      /** The ttt executable the plugin line runs. */
      command: AbsPath.optional(),
      /** Where the site keeps the json ban file the plugin reads. */
      bansFile: AbsPath.optional(),
    })
    .optional(),
});
export type ExportOptionsInput = z.infer<typeof ExportOptionsSchema>;

/** Options after validation and defaults: what the format modules read. */
export interface ExportOptions {
  now: Date;
  site: string | null;
  issuer: string | null;
  dcacheOps: Readonly<Record<string, string>>;
  stormStorageAreas: readonly string[];
  arcAuthgroup: string;
  arcRule: "authtokens" | "otokens";
  xrootdNoAccessUser: string;
  eosUsers: ReadonlyMap<string, string>;
  condorPluginName: string;
  condorCommand: string;
  condorBansFile: string;
}

/** Key of the eos user map: issuer and sub, separated by a character neither can hold. */
export const eosUserKey = (iss: string, sub: string) => `${iss}\u0000${sub}`;

/**
 * Validates options for `format`, applies defaults and the format's own requirements (StoRM
 * needs its storage areas, XRootD its issuer). Throws a ValidationError naming the field.
 */
export function parseExportOptions(
  format: ExportFormat,
  input: unknown,
  now: Date,
  prefix = "options",
): ExportOptions {
  const o = parseInput(ExportOptionsSchema, input ?? {}, "invalid export options", prefix);
  if (format === "storm" && o.storm?.storageAreas === undefined) {
    const path = `${prefix}.storm.storageAreas`;
    const message =
      "StoRM policies are per storage area: list the storage area names (the name= of each file in /etc/storm/webdav/sa.d)";
    throw new ValidationError(`invalid export options: ${path}: ${message}`, [{ path, message }]);
  }
  if (format === "xrootd" && o.issuer === undefined) {
    const path = "issuer";
    const message =
      "an XRootD name_mapfile belongs to one [Issuer] section: export once per issuer, naming it";
    throw new ValidationError(`invalid export options: ${path}: ${message}`, [{ path, message }]);
  }
  const eosUsers = new Map<string, string>();
  for (const u of o.eos?.users ?? []) eosUsers.set(eosUserKey(u.iss, u.sub), u.user);
  return {
    now,
    site: o.site ?? null,
    issuer: o.issuer ?? null,
    dcacheOps: o.dcache?.ops ?? {},
    stormStorageAreas: [...(o.storm?.storageAreas ?? [])].sort(),
    arcAuthgroup: o.arc?.authgroup ?? "ttt-banned",
    arcRule: o.arc?.rule ?? "authtokens",
    xrootdNoAccessUser: o.xrootd?.noAccessUser ?? "ttt-banned",
    eosUsers,
    condorPluginName: o.condor?.pluginName ?? "TTT",
    condorCommand: o.condor?.command ?? "/usr/bin/ttt",
    condorBansFile: o.condor?.bansFile ?? "/etc/ttt/bans.json",
  };
}

/**
 * The query of GET /api/v1/bans/export: the format, the common filters, `as` (the file itself,
 * or JSON with the content and what the format cannot enforce) and the per-format options as
 * one JSON object (they are nested; flat query parameters could not carry them).
 */
export const BanExportQuery = z.strictObject({
  format: z.enum(EXPORT_FORMATS),
  site: SiteName.optional(),
  issuer: IssuerUrl.optional(),
  as: z.enum(["file", "json"]).default("file"),
  options: z.string().max(1_000_000).optional(),
});
export type BanExportQueryInput = z.input<typeof BanExportQuery>;

export interface ParsedExportQuery {
  format: ExportFormat;
  as: "file" | "json";
  /** The options object: `options` parsed, with `site` and `issuer` merged in. */
  options: Record<string, unknown>;
}

/** Parses the export query; `options` must be a JSON object (400 naming `query.options`). */
export function parseExportQuery(input: unknown): ParsedExportQuery {
  const q = parseInput(BanExportQuery, input, "invalid export query", "query");
  let options: unknown = {};
  if (q.options !== undefined) {
    try {
      options = JSON.parse(q.options);
    } catch {
      options = undefined;
    }
    if (typeof options !== "object" || options === null || Array.isArray(options)) {
      const message = 'must be a JSON object, e.g. {"storm":{"storageAreas":["atlas"]}}';
      throw new ValidationError(`invalid export query: query.options: ${message}`, [
        { path: "query.options", message },
      ]);
    }
  }
  const merged: Record<string, unknown> = { ...(options as Record<string, unknown>) };
  if (q.site !== undefined) merged.site = q.site;
  if (q.issuer !== undefined) merged.issuer = q.issuer;
  return { format: q.format, as: q.as, options: merged };
}
