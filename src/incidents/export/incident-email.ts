import type { IncidentExportData } from "./export-data.js";
import { mergeTraces, untracedLinkedTokens } from "./merge-traces.js";
import { tlpLine } from "./tlp.js";

/**
 * A heads-up e-mail to the affected sites, ready to paste into a mail client: a subject line
 * carrying the TLP label (mail is forwarded by subject first), then in plain text what
 * happened, which identities and tokens to look for, which bans are in force and what each
 * site should do. The TLP label and its meaning open and close the body, so a reader who
 * scrolls to the end still sees it.
 */

/** Bans a site should apply now or soon; lifted and expired ones are history. */
const IN_FORCE = new Set(["active", "pending"]);

function bulletList(items: string[], none: string): string[] {
  return items.length === 0 ? [`  ${none}`] : items.map((x) => `  - ${x}`);
}

/** Keeps user-written text (title, summary, reasons) from adding header lines to the subject. */
const oneLine = (s: string) => s.replace(/[\r\n]+/g, " ").trim();

export function renderIncidentEmail(data: IncidentExportData): string {
  const i = data.incident;
  const merged = mergeTraces(data);

  // The incident's identities, then those of the traced tokens, each once.
  const identities = new Map<string, { iss: string; sub: string }>();
  for (const x of i.affectedIdentities) identities.set(`${x.iss}\u0000${x.sub}`, x);
  for (const { iss, sub } of merged.tokens)
    if (iss !== null && sub !== null) identities.set(`${iss}\u0000${sub}`, { iss, sub });
  const identityLines = [...identities.values()].map((x) => `sub ${x.sub} (issuer ${x.iss})`);
  const tokenLines = [
    ...merged.tokens.map((t) => {
      const facts = [t.kind, ...(t.sub === null ? [] : [`sub ${t.sub}`])];
      return `jti ${t.jti} (${facts.join(", ")})`;
    }),
    ...untracedLinkedTokens(data, merged).flatMap((t) =>
      t.jti === null
        ? []
        : [`jti ${t.jti} (linked to the case${t.sub === null ? "" : `, sub ${t.sub}`})`],
    ),
  ];
  const bans = i.bans
    .filter((b) => IN_FORCE.has(b.state))
    .map(
      (b) =>
        `${b.id} (${b.kind}${b.state === "active" ? "" : `, ${b.state}`}): denies ${b.denies}` +
        ` — ${oneLine(b.reason)}`,
    );

  const lines = [
    `Subject: [TLP:${i.tlp}] Security incident ${i.id}: ${oneLine(i.title)}`,
    "",
    tlpLine(i.tlp),
    "",
    "What happened:",
    i.summary === null || i.summary.trim() === "" ? "Under investigation." : i.summary.trim(),
    "",
    `State: ${i.state}. Severity: ${i.severity}. Discovered: ${i.discoveredAt}.`,
    `Affected sites: ${i.affectedSites.length === 0 ? "none recorded yet" : i.affectedSites.join(", ")}.`,
    "",
    "Identities to check:",
    ...bulletList(identityLines, "none recorded yet"),
    "",
    "Tokens to look for:",
    ...bulletList(tokenLines, "none traced yet"),
    "",
    "Bans in force:",
    ...bulletList(bans, "none"),
    "",
    "What your site should do:",
    "  1. Apply the bans: install the ban files published for this incident, or run `ttt agent`",
    "     so your services pick them up.",
    "  2. Look for the jtis and subjects listed above in your logs (token issuance, storage,",
    "     transfers, jobs) and report what you find.",
    "",
    "Reply to this message; do not forward beyond the TLP.",
    "",
    `Generated at ${data.generatedAt} by ${data.generatedBy}.`,
    "",
    tlpLine(i.tlp),
  ];
  return `${lines.join("\n")}\n`;
}
