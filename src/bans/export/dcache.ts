import type { Ban } from "../ban.model.js";
import type { ExportOptions } from "./export.schema.js";
import { unsafe, written, type FormatModule } from "./format-module.js";
import {
  banSummary,
  hashComments,
  headerLines,
  isPlainToken,
  toContent,
  trailerSections,
  type Classified,
} from "./text.js";

/**
 * dCache gPlazma `banfile` plugin: `/etc/dcache/ban.conf` (property gplazma.banfile.path),
 * enabled by `account requisite banfile` in gplazma.conf.
 *
 * Relied on:
 * - dCache Book, "Authorization in dCache", banfile plug-in: lines `alias <name>=<class>` and
 *   `ban <alias-or-class>:<value>`, `#` comments; the file must exist even when empty.
 * - dCache source, BanFilePlugin: a line is `^ban\s+([^:]+):(.*)$` after stripping, so the value
 *   is the rest of the line; the file is reread when its modification time changes.
 * - dCache source, OidcSubjectPrincipal: a sub is printable ASCII of at most 255 characters and
 *   the principal's name is `<sub>@<op>`; the jti principal likewise `<jti>@<op>`
 *   (docs/bans-and-feeds.md). `oidc` is the short type name dCache's principal parser knows.
 * - dCache issue 7947 (fixed by the "gplazma: fix banfile plugin" pull requests, Nov–Dec 2025):
 *   the plugin kept ban lines in a map keyed by principal type, so only the last line per type
 *   was enforced.
 */

/** dCache's OP alias for an issuer: the configured one, else derived from the issuer's host. */
export function opAlias(iss: string, o: ExportOptions): string {
  const configured = o.dcacheOps[iss];
  if (configured !== undefined) return configured;
  return new URL(iss).host.toLowerCase().replace(/[^a-z0-9.-]/g, "-");
}

const MAX_PRINCIPAL = 255;

function principal(ban: Ban, what: "jti" | "sub", value: string, o: ExportOptions) {
  if (!isPlainToken(value) || value.length > MAX_PRINCIPAL) {
    return unsafe(
      ban,
      `its ${what} cannot be written in a dCache banfile: dCache principals hold printable ASCII without white space, at most ${MAX_PRINCIPAL} characters`,
    );
  }
  const type = what === "jti" ? "jti" : "oidc";
  return written(ban, [`ban ${type}:${value}@${opAlias(ban.iss, o)}`]);
}

const PATH = "/etc/dcache/ban.conf";

function render(c: Classified): string {
  const header = headerLines(c, PATH, [
    "Install: save as /etc/dcache/ban.conf (property gplazma.banfile.path) and add to",
    "/etc/dcache/gplazma.conf the line",
    "  account requisite banfile",
    "Reload: none needed; gPlazma rereads this file when its modification time changes.",
    "",
    "Caveats:",
    "- After @ comes dCache's alias for the issuer (gplazma.oidc.provider!<alias>). Aliases not",
    "  given in the export options (dcache.ops) are derived from the issuer's host name.",
    "- Check that your dCache version matches oidc:<sub>@<op> and jti:<jti>@<op> principals",
    "  (e.g. with the gPlazma 'explain login' admin command) before relying on this file.",
    "- dCache issue 7947: releases before the banfile fix of Nov-Dec 2025 enforce only the LAST",
    "  ban line of each principal type (oidc, jti). Upgrade when this file holds several bans.",
  ]);
  const body: string[] = [];
  if (c.written.some((e) => e.ban.kind === "token"))
    body.push("", "alias jti=org.dcache.auth.JwtJtiPrincipal");
  for (const e of c.written) body.push("", `# ${banSummary(e.ban)}`, ...e.lines);
  return toContent([...hashComments(header), ...body, ...trailerSections(c)]);
}

export const dcache: FormatModule = {
  filename: () => "ban.conf",
  mediaType: "text/plain; charset=utf-8",
  installPath: () => PATH,
  timeAware: false,
  entry(ban, o) {
    if (ban.kind === "token") return principal(ban, "jti", ban.jti, o);
    if (ban.kind === "identity") return principal(ban, "sub", ban.sub, o);
    throw new Error(`dcache: no rule for ${ban.kind}`);
  },
  render,
  warnings(entries, o) {
    const derived = new Map<string, Set<string>>();
    for (const { ban } of entries) {
      if (o.dcacheOps[ban.iss] !== undefined) continue;
      const alias = opAlias(ban.iss, o);
      derived.set(alias, (derived.get(alias) ?? new Set()).add(ban.iss));
    }
    const out: string[] = [];
    for (const [alias, issuers] of derived) {
      const list = [...issuers].sort().join(", ");
      out.push(
        issuers.size > 1
          ? `issuers ${list} all became @${alias} (derived from the host): a ban of a sub at one also bans that sub at the others; give each its alias (dcache.ops)`
          : `the alias @${alias} for ${list} is derived from its host: check it against gplazma.oidc.provider!<alias> in gplazma.conf, or give it (dcache.ops); a wrong alias bans nobody`,
      );
    }
    return out;
  },
};
