import { isIP } from "node:net";
import type { TimelineEvent, TraceResult } from "../trace-result.js";
import { eventSentence, isoTime } from "./event-fields.js";

/**
 * The timeline as JSON Lines in Elastic Common Schema 8.x, so a trace loads into Elasticsearch
 * or OpenSearch (and any SIEM that speaks ECS) next to other security data, searchable with the
 * usual field names: `@timestamp`, `event.*`, `source.ip`, `user.id`, `host.name`, `file.path`,
 * `log.file.path`. What ECS has no field for (how sure the trace is, token ids, the log's own
 * join key) goes under a custom `ttt` object, as ECS advises for custom fields. Null values are
 * left out, never written as null.
 */

const ECS_VERSION = "8.11.0";

/**
 * ECS `event.category` from the action (allowed values only): token and login events are
 * authentication, account changes iam, storage and file events file, jobs process, transfers
 * and anything else network.
 */
function ecsCategory(action: string): string[] {
  const head = action.split(".", 1)[0] ?? "";
  switch (head) {
    case "token":
    case "auth":
      return ["authentication"];
    case "account":
      return ["iam"];
    case "storage":
      return action === "storage.login" ? ["authentication"] : ["file"];
    case "file":
      return ["file"];
    case "job":
      return ["process"];
    default:
      return ["network"];
  }
}

/** "+02:00" from minutes east of UTC (ECS `event.timezone`). */
function timezone(offsetMin: number): string {
  const abs = Math.abs(offsetMin);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${offsetMin < 0 ? "-" : "+"}${hh}:${mm}`;
}

/** Drops null and undefined values, and objects left empty, at every depth. */
function prune(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    if (typeof v === "object" && !Array.isArray(v)) {
      const inner = prune(v as Record<string, unknown>);
      if (Object.keys(inner).length > 0) out[k] = inner;
    } else out[k] = v;
  }
  return out;
}

function ecsEvent(e: TimelineEvent): Record<string, unknown> {
  const validIp = e.clientIp !== null && isIP(e.clientIp) !== 0;
  return prune({
    "@timestamp": isoTime(e.timeMs),
    message: eventSentence(e),
    ecs: { version: ECS_VERSION },
    event: {
      id: String(e.id),
      kind: "event",
      category: ecsCategory(e.action),
      action: e.action,
      outcome: e.outcome,
      module: e.component,
      dataset: "ttt.trace",
      timezone: e.tzOffsetMin === null ? null : timezone(e.tzOffsetMin),
    },
    // An ip-typed field that does not hold an address fails the whole document in Elasticsearch.
    source: { ip: validIp ? e.clientIp : null },
    user: { id: e.sub, name: e.mappedUser },
    host: { name: e.host },
    file: { path: e.objectKind === "path" ? e.object : null },
    log: { file: { path: e.source.file } },
    ttt: {
      trace: {
        confidence: e.match.confidence,
        via: e.match.via,
        token_jti: e.match.jti,
        reason: e.match.reason,
      },
      token: { iss: e.iss, jti: e.jti, client_id: e.clientId },
      source: { line: e.source.line },
      site: e.site,
      object: e.object,
      object_kind: e.objectKind,
      corr: e.corr,
      client_ip: validIp ? null : e.clientIp,
    },
  });
}

export function renderTraceEcs(result: TraceResult): string {
  return result.timeline.map((e) => `${JSON.stringify(ecsEvent(e))}\n`).join("");
}
