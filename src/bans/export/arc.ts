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
 * ARC CE: an `[authgroup:<name>]` block whose token rules match the banned identities, and a
 * `denyaccess=<name>` line in each interface or queue block.
 *
 * Relied on: arc.conf reference (src/doc/arc.conf.reference), "[authgroup:groupname] blocks":
 * rules are processed in order and the first match decides membership; the token rule takes
 * `subject issuer audience scope group`, space-separated, with `*` matching any value (named
 * `otokens` in early ARC 6, `authtokens` from 6.6 per docs/bans-and-feeds.md); `all=no` never
 * matches; authgroups must be defined before the blocks that use them; quotes around values are
 * no longer allowed; access is controlled with `allowaccess`/`denyaccess` in the interface and
 * queue blocks. So a value is written only when it is a single printable-ASCII word that is not
 * a wildcard and has nothing the parser could read as a quote or comment.
 */

/** A value that can stand as one field of the rule: no space, quote, `*` or `#`. */
const field = (s: string) => isPlainToken(s) && !/["'*#]/.test(s);

function rule(ban: Ban, o: ExportOptions, sub: string, group: string): string {
  return `${o.arcRule}=${sub} ${ban.iss} * * ${group}`;
}

function render(c: Classified, o: ExportOptions): string {
  const g = o.arcAuthgroup;
  const header = headerLines(c, "ttt-bans.arc.conf", [
    `Install: put this [authgroup:${g}] block in /etc/arc.conf (replacing the previous copy:`,
    "block names must be unique), above every block that uses it (arc.conf is order-sensitive).",
    "Enable: in each interface and queue block that accepts tokens, deny the group before any",
    "allowaccess line, e.g.",
    "  [arex/ws/jobs]",
    `  denyaccess=${g}`,
    "Reload: restart the ARC services (e.g. systemctl restart arc-arex).",
    "Token rules match exact groups only: a banned group's subgroups are not matched.",
  ]);
  const body = ["", `[authgroup:${g}]`];
  if (c.written.length === 0) body.push("# no bans to enforce: match nobody", "all=no");
  for (const e of c.written) body.push(`# ${banSummary(e.ban)}`, ...e.lines);
  body.push(
    "",
    "# The line to add to each interface or queue block (see above):",
    `# denyaccess=${g}`,
  );
  return toContent([...hashComments(header), ...body, ...trailerSections(c)]);
}

export const arc: FormatModule = {
  filename: () => "ttt-bans.arc.conf",
  mediaType: "text/plain; charset=utf-8",
  installPath: () => "/etc/arc.conf",
  timeAware: false,
  entry(ban, o) {
    const why = "ARC token rules are space-separated words with * as wildcard";
    if (!field(ban.iss)) return unsafe(ban, `its issuer cannot be written safely: ${why}`);
    switch (ban.kind) {
      case "identity":
        if (!field(ban.sub)) return unsafe(ban, `its sub cannot be written safely: ${why}`);
        return written(ban, [rule(ban, o, ban.sub, "*")]);
      case "group":
        if (!field(ban.group)) return unsafe(ban, `its group cannot be written safely: ${why}`);
        return written(ban, [rule(ban, o, "*", ban.group)]);
      case "issuer":
        return written(ban, [rule(ban, o, "*", "*")]);
      case "token":
      case "identity-before":
      case "client":
        throw new Error(`arc: no rule for ${ban.kind}`);
    }
  },
  render,
};
