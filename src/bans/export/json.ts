import { z } from "zod";
import { parseInput } from "../../core/validation.js";
import type { Ban, BanKey } from "../ban.model.js";
import { BanKeyString, BanSitesSchema, IsoTime, IssuerUrl, SiteName } from "../ban.schema.js";
import type { ExportOptions } from "./export.schema.js";
import { written, type FormatModule } from "./format-module.js";
import { headerLines, type Classified } from "./text.js";

/**
 * The `json` format: every ban that is or will be active, exactly as stored (keys byte for
 * byte), for readers that check time windows themselves — `ttt condor-plugin` and a site's own
 * tooling. `parseBanFile` reads it back, validating every field, so a damaged or hand-edited
 * file is refused as a whole rather than half-used.
 */

export const BAN_FILE_FORMAT = "ttt-bans";
export const BAN_FILE_VERSION = 1;

/** The key fields of a ban, in a fixed order. */
function keyFields(ban: Ban): Record<string, string> {
  switch (ban.kind) {
    case "token":
      return { jti: ban.jti };
    case "identity":
      return { sub: ban.sub };
    case "identity-before":
      return { sub: ban.sub, issuedBefore: ban.issuedBefore };
    case "client":
      return { clientId: ban.clientId };
    case "group":
      return { group: ban.group };
    case "issuer":
      return {};
  }
}

/** A ban as the file holds it: fixed member order, no lift fields (listed bans are not lifted). */
function fileBan(ban: Ban): Record<string, unknown> {
  return {
    id: ban.id,
    kind: ban.kind,
    iss: ban.iss,
    ...keyFields(ban),
    reason: ban.reason,
    incident: ban.incident,
    author: ban.author,
    createdAt: ban.createdAt,
    startsAt: ban.startsAt,
    expiresAt: ban.expiresAt,
    sites: ban.sites,
  };
}

function render(c: Classified, o: ExportOptions): string {
  const comment = headerLines(c, o.condorBansFile, [
    `Install: e.g. as ${o.condorBansFile}, where ttt condor-plugin --bans-file reads it.`,
    "Readers must check each ban's startsAt/expiresAt and sites themselves.",
  ]);
  const file = {
    comment,
    format: BAN_FILE_FORMAT,
    version: BAN_FILE_VERSION,
    generatedAt: c.meta.generatedAt,
    site: c.meta.site,
    issuer: c.meta.issuer,
    nextChangeAt: c.nextChangeAt,
    count: c.written.length,
    bans: c.written.map((e) => fileBan(e.ban)),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export const json: FormatModule = {
  filename: () => "ttt-bans.json",
  mediaType: "application/json",
  installPath: (o) => o.condorBansFile,
  timeAware: true,
  entry: (ban) => written(ban, []),
  render,
};

const common = {
  id: z.string().min(1).max(200),
  iss: IssuerUrl,
  reason: z.string().max(1000),
  incident: z.string().max(200).nullable().default(null),
  author: z.string().max(200).default(""),
  createdAt: IsoTime.optional(),
  startsAt: IsoTime,
  expiresAt: IsoTime.nullable(),
  sites: BanSitesSchema,
};

const FileBan = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("token"), jti: BanKeyString, ...common }),
  z.object({ kind: z.literal("identity"), sub: BanKeyString, ...common }),
  z.object({
    kind: z.literal("identity-before"),
    sub: BanKeyString,
    issuedBefore: IsoTime,
    ...common,
  }),
  z.object({ kind: z.literal("client"), clientId: BanKeyString, ...common }),
  z.object({ kind: z.literal("group"), group: BanKeyString, ...common }),
  z.object({ kind: z.literal("issuer"), ...common }),
]);

const BanFile = z.object({
  format: z.literal(BAN_FILE_FORMAT),
  version: z.literal(BAN_FILE_VERSION),
  generatedAt: IsoTime,
  site: SiteName.nullable().optional(),
  bans: z.array(FileBan),
});

export interface ParsedBanFile {
  generatedAt: string;
  site: string | null;
  bans: Ban[];
}

/** Reads a json ban file (already JSON-parsed); throws a ValidationError naming the bad field. */
export function parseBanFile(data: unknown): ParsedBanFile {
  const f = parseInput(BanFile, data, "invalid ban file", "file");
  const bans = f.bans.map((b): Ban => {
    const key: BanKey =
      b.kind === "token"
        ? { kind: b.kind, jti: b.jti }
        : b.kind === "identity"
          ? { kind: b.kind, sub: b.sub }
          : b.kind === "identity-before"
            ? { kind: b.kind, sub: b.sub, issuedBefore: b.issuedBefore }
            : b.kind === "client"
              ? { kind: b.kind, clientId: b.clientId }
              : b.kind === "group"
                ? { kind: b.kind, group: b.group }
                : { kind: b.kind };
    return {
      id: b.id,
      iss: b.iss,
      reason: b.reason,
      incident: b.incident,
      author: b.author,
      createdAt: b.createdAt ?? b.startsAt,
      startsAt: b.startsAt,
      expiresAt: b.expiresAt,
      sites: b.sites,
      state: "active",
      liftedAt: null,
      liftedBy: null,
      liftReason: null,
      ...key,
    };
  });
  return { generatedAt: f.generatedAt, site: f.site ?? null, bans };
}
