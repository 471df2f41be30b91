import type { Ban } from "../ban.model.js";
import type { ExportOptions } from "./export.schema.js";
import { unsafe, written, type FormatModule } from "./format-module.js";
import {
  banSummary,
  breaksLines,
  hashComments,
  headerLines,
  q,
  toContent,
  trailerSections,
  type Classified,
} from "./text.js";

/**
 * StoRM WebDAV fine-grained authorization: deny policies under `storm.authz.policies` in
 * /etc/storm/webdav/config/application.yml.
 *
 * Relied on (StoRM WebDAV, etc/storm-webdav/config/README.md "Fine-grained authorization" and
 * FineGrainedAuthzPolicyParser): policies are applied first-applicable in list order; each has
 * `sa` (a configured storage area, or the service refuses to start), `description` (not blank),
 * `effect` (permit/deny), `actions` (read, write, delete, list, all), optional `paths`, and
 * `principals` of type `oidc-subject` (params iss, sub) or `oauth-group` (params iss, group).
 * Values are written as double-quoted YAML scalars (a JSON string literal is one), so no key
 * can add YAML structure.
 */

const PATH = "/etc/storm/webdav/config/application.yml";

function policies(ban: Ban, o: ExportOptions, type: string, params: [string, string][]): string[] {
  const out: string[] = [];
  for (const sa of o.stormStorageAreas) {
    out.push(
      `      - sa: ${q(sa)}`,
      `        description: ${q(`TTT ban ${ban.id}: ${ban.reason}`)}`,
      "        effect: deny",
      "        actions:",
      "          - all",
      "        principals:",
      `          - type: ${type}`,
      "            params:",
      ...params.map(([k, v]) => `              ${k}: ${q(v)}`),
    );
  }
  return out;
}

function render(c: Classified): string {
  const header = headerLines(c, PATH, [
    "Install: these deny policies must come FIRST in storm.authz.policies of",
    `${PATH} (policies are first-applicable). Spring replaces a list`,
    "rather than merging it across files: merge these entries above your permit policies.",
    "Enable fine-grained authorization per storage area: fineGrainedAuthzEnabled=true in",
    "/etc/storm/webdav/sa.d/<area>.properties.",
    "Reload: restart storm-webdav (systemctl restart storm-webdav).",
  ]);
  const body: string[] = ["storm:", "  authz:"];
  if (c.written.length === 0) body.push("    policies: []");
  else {
    body.push("    policies:");
    for (const e of c.written) body.push(`      # ${banSummary(e.ban)}`, ...e.lines);
  }
  return toContent([...hashComments(header), "", ...body, ...trailerSections(c)]);
}

export const storm: FormatModule = {
  filename: () => "ttt-bans.storm.yml",
  mediaType: "application/yaml; charset=utf-8",
  installPath: () => PATH,
  timeAware: false,
  entry(ban, o) {
    if (breaksLines(ban.iss)) return unsafe(ban, "its issuer has characters YAML cannot hold");
    if (ban.kind === "identity") {
      if (breaksLines(ban.sub)) return unsafe(ban, "its sub has characters YAML cannot hold");
      return written(
        ban,
        policies(ban, o, "oidc-subject", [
          ["iss", ban.iss],
          ["sub", ban.sub],
        ]),
      );
    }
    if (ban.kind === "group") {
      if (breaksLines(ban.group)) return unsafe(ban, "its group has characters YAML cannot hold");
      return written(
        ban,
        policies(ban, o, "oauth-group", [
          ["iss", ban.iss],
          ["group", ban.group],
        ]),
      );
    }
    throw new Error(`storm: no rule for ${ban.kind}`);
  },
  render,
};
