import { isIP } from "node:net";
import type { TraceToken } from "../../trace/index.js";
import type { Severity } from "../incident.model.js";
import type { IncidentExportData } from "./export-data.js";
import { mergeTraces, untracedLinkedTokens, type MergedEvent } from "./merge-traces.js";

/**
 * The incident as a MISP event (MISP core format), so it can be imported into a MISP instance
 * and shared with other CSIRTs under its TLP tag: the client addresses the traces saw as ip-src
 * attributes (flagged for detection only when a proven event shows them), the summary as text,
 * and each token as a `ttt-token-identity` object — a custom object template documented in
 * misp-object-ttt-token-identity.md, because no MISP default object describes an OAuth2/OIDC
 * token by issuer, subject and jti.
 *
 * Distribution is "0" (your organisation only): the sharer widens it in MISP deliberately,
 * after checking the TLP. Attributes and objects inherit it ("5").
 */

/** The custom object template's identity; fixed, so every export's objects share a template. */
export const TTT_TOKEN_IDENTITY_TEMPLATE_UUID = "1bc2fe2b-1511-431a-a915-bdf273c3d4b0";
const TTT_TOKEN_IDENTITY_TEMPLATE_VERSION = "1";

/** MISP threat levels: 1 high, 2 medium, 3 low. */
const THREAT_LEVEL: Record<Severity, string> = {
  critical: "1",
  high: "1",
  medium: "2",
  low: "3",
};

const INHERIT = "5";

interface MispAttribute {
  type: string;
  category: string;
  value: string;
  to_ids: boolean;
  distribution: string;
  comment: string;
}

interface MispObjectAttribute {
  object_relation: string;
  type: string;
  category: string;
  value: string;
  to_ids: boolean;
}

interface MispObject {
  name: string;
  "meta-category": string;
  description: string;
  template_uuid: string;
  template_version: string;
  distribution: string;
  comment: string;
  Attribute: MispObjectAttribute[];
}

/**
 * Client addresses of the timeline's events, once each, in time order. An address counts as
 * proven when any proven event shows it; addresses seen only in candidates are not flagged for
 * detection (to_ids false). Values that are not IP addresses (a host:port a log wrote) are left
 * out: MISP rejects them as ip-src.
 */
function ipAttributes(timeline: readonly MergedEvent[]): MispAttribute[] {
  const proven = new Map<string, boolean>();
  for (const { event } of timeline) {
    const ip = event.clientIp;
    if (ip === null || isIP(ip) === 0) continue;
    proven.set(ip, (proven.get(ip) ?? false) || event.match.confidence === "proven");
  }
  return [...proven].map(([ip, isProven]) => ({
    type: "ip-src",
    category: "Network activity",
    value: ip,
    to_ids: isProven,
    distribution: INHERIT,
    comment: isProven
      ? "client address of events proven to use the incident's tokens"
      : "client address of candidate events only (not proven to use the tokens)",
  }));
}

/**
 * One object per token. The template requires iss and at least one of sub and jti; a token
 * whose issuer no log names cannot satisfy it and is left out (the Markdown and JSON exports
 * still list it).
 */
/** What a token object says: a traced token's facts, or a linked token's (kind unknown). */
interface TokenFacts {
  iss: string | null;
  sub: string | null;
  jti: string | null;
  clientId: string | null;
  kind: TraceToken["kind"];
  parent: string | null;
}

function tokenObject(t: TokenFacts): MispObject | null {
  if (t.iss === null) return null;
  const known: Array<[string, string | null]> = [
    ["iss", t.iss],
    ["sub", t.sub],
    ["jti", t.jti],
    ["client-id", t.clientId],
    ["kind", t.kind],
  ];
  return {
    name: "ttt-token-identity",
    "meta-category": "misc",
    description: "An OAuth2/OIDC token seen in the incident and the identity it was issued to",
    template_uuid: TTT_TOKEN_IDENTITY_TEMPLATE_UUID,
    template_version: TTT_TOKEN_IDENTITY_TEMPLATE_VERSION,
    distribution: INHERIT,
    comment: t.parent === null ? "" : `derived from token ${t.parent}`,
    Attribute: known.flatMap(([relation, value]) =>
      value === null
        ? []
        : [{ object_relation: relation, type: "text", category: "Other", value, to_ids: false }],
    ),
  };
}

export function renderIncidentMisp(data: IncidentExportData): string {
  const i = data.incident;
  const merged = mergeTraces(data);
  const attributes = ipAttributes(merged.timeline);
  if (i.summary !== null && i.summary.trim() !== "")
    attributes.push({
      type: "text",
      category: "Other",
      value: i.summary,
      to_ids: false,
      distribution: INHERIT,
      comment: "incident summary",
    });
  const event = {
    info: `Security incident ${i.id}: ${i.title}`,
    date: new Date(i.discoveredAt).toISOString().slice(0, 10),
    threat_level_id: THREAT_LEVEL[i.severity],
    analysis: i.state === "resolved" || i.state === "closed" ? "2" : "1",
    distribution: "0",
    published: false,
    Tag: [{ name: `tlp:${i.tlp.toLowerCase()}` }],
    Attribute: attributes,
    Object: [
      ...merged.tokens,
      ...untracedLinkedTokens(data, merged).map((t) => ({
        ...t,
        kind: "unknown" as const,
        parent: null,
      })),
    ].flatMap((t) => tokenObject(t) ?? []),
  };
  return `${JSON.stringify({ Event: event }, null, 2)}\n`;
}
