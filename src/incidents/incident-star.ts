import type { StoredEvent } from "../trace/index.js";

/**
 * The action-log line of an event starred into the case (pure): when, where, what, who and the
 * log line it came from, so the case file reads without the event store.
 */
export function describeStarred(e: StoredEvent, note: string | undefined): string {
  const who = [
    e.sub === null ? null : `sub ${e.sub}`,
    e.jti === null ? null : `jti ${e.jti}`,
    e.clientId === null ? null : `client ${e.clientId}`,
    e.clientIp === null ? null : `from ${e.clientIp}`,
  ].filter((x): x is string => x !== null);
  const where = [e.site, e.host].filter((x): x is string => x !== null).join("/");
  const parts = [
    `starred event ${e.id}: ${new Date(e.timeMs).toISOString()}`,
    `${where === "" ? "" : `${where} `}${e.component} ${e.action} (${e.outcome})`,
    ...(who.length === 0 ? [] : [who.join(", ")]),
    ...(e.object === null ? [] : [`${e.objectKind ?? "object"} ${e.object}`]),
    `${e.source.file}:${e.source.line}`,
  ];
  return `${parts.join(" · ")}${note === undefined ? "" : ` — ${note}`}`;
}
