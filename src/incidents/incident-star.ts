import type { StoredEvent } from "../trace/index.js";

/**
 * The action-log line of an event starred into the case (pure): when, where, what, who and the
 * log line it came from, so the case file reads without the event store. Control characters
 * from the log become spaces.
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
  // log fields are outside input: no control character reaches a terminal or a report
  // eslint-disable-next-line no-control-regex -- control characters are what is replaced
  const line = parts.join(" · ").replace(/[\u0000-\u001f\u007f]/g, " ");
  return `${line}${note === undefined ? "" : ` — ${note}`}`;
}
