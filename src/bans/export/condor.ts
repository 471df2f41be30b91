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
 * HTCondor / HTCondor-CE: a SciTokens mapfile that sends every token of a banned issuer through
 * the TTT mapping plugin (`ttt condor-plugin`), which decides on the whole token payload against
 * the json ban list — so every ban kind is enforced, jti and client included.
 *
 * Relied on: HTCondor manual, admin-manual/security "SciTokens Mapping Plugins": the
 * authenticated name of a SciToken is `<iss>,<sub>`; a map file line whose canonical name is
 * `PLUGIN:<names>` runs those plugins; `SEC_SCITOKENS_PLUGIN_<name>_COMMAND` is the command,
 * `SEC_SCITOKENS_PLUGIN_<name>_MAPPING` the identity of an accepted token (else the plugin
 * prints it), `SEC_SCITOKENS_PLUGIN_NAMES` lists the plugins for `PLUGIN:*`; plugin names are
 * alphanumeric; the payload arrives on stdin; exit 0 accepts, 1 declines, anything else fails
 * the mapping and rejects the client. The map file's first matching line wins.
 */

/** `iss` as a regular expression matching itself literally, `/` included (the delimiter). */
function literal(iss: string): string {
  return iss.replace(/[\\^$.|?*+()[\]{}/]/g, (c) => `\\${c}`);
}

function pluginCommand(o: ExportOptions): string {
  const site = o.site === null ? "" : ` --site ${o.site}`;
  return `${o.condorCommand} condor-plugin --bans-file ${o.condorBansFile}${site}`;
}

function render(c: Classified, o: ExportOptions): string {
  const name = o.condorPluginName;
  const site = o.site === null ? "" : ` --site ${o.site}`;
  const header = headerLines(c, "/etc/condor-ce/mapfiles.d/01-ttt-bans.conf", [
    "Install: save as /etc/condor-ce/mapfiles.d/01-ttt-bans.conf (the first matching line",
    "wins: this file must sort before the ones that map these issuers), and configure the",
    "plugin, e.g. in /etc/condor-ce/config.d/99-ttt.conf:",
    `  SEC_SCITOKENS_PLUGIN_NAMES = ${name}`,
    `  SEC_SCITOKENS_PLUGIN_${name}_COMMAND = ${pluginCommand(o)}`,
    `  SEC_SCITOKENS_PLUGIN_${name}_MAPPING = <the local user these issuers' tokens map to>`,
    "The plugin reads the ban list on every call; keep it current, e.g. from cron:",
    `  ttt bans export --format json${site} -o ${o.condorBansFile}`,
    "Plugin exit codes: 0 accept (mapped), 3 banned and 2 unreadable ban list or payload:",
    "HTCondor rejects the client on both (the plugin fails closed).",
    "Reload: condor_ce_reconfig (condor_reconfig on a plain HTCondor pool).",
  ]);
  const body: string[] = [];
  let iss: string | null = null;
  const flush = () => {
    if (iss !== null) body.push(`SCITOKENS /^${literal(iss)},/ PLUGIN:${name}`);
  };
  for (const e of c.written) {
    if (e.ban.iss !== iss) {
      flush();
      iss = e.ban.iss;
      body.push("");
    }
    body.push(`# ${banSummary(e.ban)}`);
  }
  flush();
  return toContent([...hashComments(header), ...body, ...trailerSections(c)]);
}

export const condor: FormatModule = {
  filename: () => "01-ttt-bans.conf",
  mediaType: "text/plain; charset=utf-8",
  installPath: () => "/etc/condor-ce/mapfiles.d/01-ttt-bans.conf",
  timeAware: true,
  entry(ban) {
    // The issuer goes into a map file line, whose fields are separated by white space.
    if (!isPlainToken(ban.iss))
      return unsafe(
        ban,
        "its issuer cannot be written in a map file line (white space or non-ASCII)",
      );
    return written(ban, []);
  },
  render,
};
