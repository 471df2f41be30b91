import type { Ban } from "../ban.model.js";
import type { ExportOptions } from "./export.schema.js";
import { unsafe, written, type FormatModule } from "./format-module.js";
import { banSummary, breaksLines, headerLines, type Classified } from "./text.js";

/**
 * XRootD XrdSciTokens `name_mapfile`: a JSON list of rules for one issuer section of
 * scitokens.cfg, mapping banned subjects (or groups, or the whole issuer) to a user that the
 * site's authorization grants nothing.
 *
 * Relied on: XrdSciTokensAccess.cc (XRootD), ParseMapfile and MapRule: the file is a JSON list
 * of objects; `sub`, `group`, `path` and `result` must be strings; `result` is required; a rule
 * with a string `ignore` member is skipped (so headers and notes are written as ignored rules
 * with a `comment`; members with other names are not read); rules are tried in order and the
 * first match gives the user name; `group` matches one of the token's groups exactly. The
 * configuration, mapfile included, is reread about every 60 seconds; a file that does not
 * parse fails the reload. Access granted by the token's own scopes does not depend on the
 * mapped name, which is why subject bans here are only partial (see enforceability.ts).
 */

type Rule = Record<string, unknown>;

function render(c: Classified, o: ExportOptions): string {
  const user = o.xrootdNoAccessUser;
  const host = o.issuer === null ? "issuer" : new URL(o.issuer).host;
  const path = `/etc/xrootd/ttt-bans.${host}.json`;
  const header = headerLines(c, path, [
    `Install: save as ${path} and name it in this issuer's section of`,
    "/etc/xrootd/scitokens.cfg:  name_mapfile = <that path>",
    "It must be the section's whole name_mapfile (first matching rule wins): put your own",
    "rules after these.",
    `The user "${user}" must exist in your authorization (e.g. authdb) with no privileges.`,
    "Reload: XrdSciTokens rereads its configuration about every 60 seconds.",
    "Caveat: a mapped name only denies where access depends on it; a token whose scopes",
    "grant the access (capability-based authorization) is still allowed. Use the",
    "'group' or 'mapping' authorization strategy for the banned issuers, or a TTT decision point.",
  ]);
  const rules: Rule[] = [{ ignore: "TTT header", comment: header }];
  for (const e of c.written) rules.push(e.data as Rule);
  for (const ban of c.pending) rules.push({ ignore: "pending", comment: banSummary(ban) });
  for (const r of c.unenforceable)
    rules.push({ ignore: "not enforceable", comment: [banSummary(r.ban), r.reason] });
  return `${JSON.stringify(rules, null, 2)}\n`;
}

function rule(ban: Ban, o: ExportOptions, match: Rule) {
  return written(ban, [], {
    ...match,
    result: o.xrootdNoAccessUser,
    comment: banSummary(ban),
  });
}

export const xrootd: FormatModule = {
  filename: (o) => `ttt-bans.${o.issuer === null ? "issuer" : new URL(o.issuer).host}.json`,
  mediaType: "application/json",
  installPath: () => "/etc/xrootd/",
  timeAware: false,
  entry(ban, o) {
    switch (ban.kind) {
      case "identity":
        if (breaksLines(ban.sub))
          return unsafe(ban, "its sub has characters JSON files here cannot hold");
        return rule(ban, o, { sub: ban.sub });
      case "group":
        if (breaksLines(ban.group))
          return unsafe(ban, "its group has characters JSON files here cannot hold");
        return rule(ban, o, { group: ban.group });
      case "issuer":
        return rule(ban, o, {});
      case "token":
      case "identity-before":
      case "client":
        throw new Error(`xrootd: no rule for ${ban.kind}`);
    }
  },
  render,
};
