import { blankEvent } from "../events/trace-event.js";
import {
  MAX_LINE_CHARS,
  isBlank,
  parseIamAuditJson,
  parseSpringPrefix,
  type SpringPrefix,
} from "./iam-audit.parser.js";
import {
  IGNORED,
  bad,
  events,
  type FormatModule,
  type LineParser,
  type LineResult,
} from "./parser.js";

/**
 * The wordings IAM has used for a token exchange, as the literal text between the quoted values.
 * The actor is always the first value and the scopes the last; the others sit at the indexes given
 * (-1: this wording has none). Values are cut at the next literal, so a quote inside a value does
 * not derail the parse.
 */
interface Wording {
  marker: string;
  literals: readonly string[];
  subjectClient: number;
  user: number;
  aud: number;
}

const WORDINGS: readonly Wording[] = [
  {
    marker: "' requests token exchange from client '",
    literals: [
      "' requests token exchange from client '",
      "' to impersonate user '",
      "' on audience '",
      "' with scopes '",
    ],
    subjectClient: 1,
    user: 2,
    aud: 3,
  },
  {
    // no user behind the subject token (client credentials), older releases
    marker: "' requests token exchange from client '",
    literals: ["' requests token exchange from client '", "' on audience '", "' with scopes '"],
    subjectClient: 1,
    user: -1,
    aud: 2,
  },
  {
    marker: "' impersonates '",
    literals: ["' impersonates '", "' from '", "' audience '", "' scopes '"],
    subjectClient: 2,
    user: 1,
    aud: 3,
  },
  {
    marker: "' exchanges token from '",
    literals: ["' exchanges token from '", "' audience '", "' scopes '"],
    subjectClient: 1,
    user: -1,
    aud: 2,
  },
];

const CLIENT = "Client '";

/** Splits `line` from `start` at the literals in order; the last value runs to the final quote. */
function splitValues(line: string, start: number, literals: readonly string[]): string[] | null {
  const end = line.length - 1;
  if (end <= start || line.charCodeAt(end) !== 39) return null;
  const values: string[] = [];
  let pos = start;
  for (const lit of literals) {
    const at = line.indexOf(lit, pos);
    if (at < 0 || at >= end) return null;
    values.push(line.slice(pos, at));
    pos = at + lit.length;
  }
  if (pos > end) return null;
  values.push(line.slice(pos, end));
  return values;
}

const SET_SEPARATOR = /\s*,\s*/g;

/** IAM prints a Java Set: `[openid, storage.read:/]` → `openid storage.read:/`. */
function scopeText(raw: string): string | null {
  let s = raw.trim();
  if (s.startsWith("[") && s.endsWith("]")) s = s.slice(1, -1).replace(SET_SEPARATOR, " ").trim();
  return s.length > 0 && s !== "null" ? s : null;
}

function value(values: readonly string[], i: number): string | null {
  const raw = i < 0 ? undefined : values[i];
  return raw === undefined || raw.length === 0 || raw === "null" ? null : raw;
}

function exchangeEvent(line: string, prefix: SpringPrefix, start: number): LineResult | null {
  for (const w of WORDINGS) {
    if (!line.includes(w.marker, start)) continue;
    const values = splitValues(line, start + CLIENT.length, w.literals);
    if (values === null) continue;
    const ev = blankEvent("iam", prefix.timeMs, "token.exchange.requested");
    ev.tzOffsetMin = prefix.tzOffsetMin;
    ev.clientId = value(values, 0);
    ev.sub = value(values, w.user);
    const details: Record<string, string | null> = {
      actorClient: ev.clientId,
      subjectClient: value(values, w.subjectClient),
      aud: value(values, w.aud),
      scope: scopeText(values[values.length - 1] ?? ""),
    };
    ev.details = details;
    return events(ev);
  }
  return null;
}

const EXCEPTION_HEAD = /^[\w.$]+(Exception|Error)\b/;

/** A Java stack trace or other continuation of a multi-line message (part of the log, not bad). */
function isContinuation(line: string): boolean {
  const c = line.charCodeAt(0);
  return (
    c === 9 ||
    c === 32 ||
    line.startsWith("Caused by: ") ||
    line.startsWith("... ") ||
    EXCEPTION_HEAD.test(line)
  );
}

function parseExchangeLine(line: string): LineResult {
  if (line.length > MAX_LINE_CHARS) return bad("line_too_long", "line longer than 64 KiB");
  if (isBlank(line)) return IGNORED;
  const prefix = parseSpringPrefix(line);
  if (prefix === null) {
    return isContinuation(line) ? IGNORED : bad("unknown_line", "no Spring Boot log prefix");
  }
  if (!Number.isFinite(prefix.timeMs)) return bad("bad_timestamp", "impossible date in prefix");
  const start = prefix.msgStart;
  if (line.startsWith(CLIENT, start)) {
    const result = exchangeEvent(line, prefix, start);
    if (result !== null) return result;
    if (sniffMessage(line, start)) return bad("missing_field", "token exchange line is truncated");
    return IGNORED;
  }
  const brace = line.indexOf("{", start);
  if (brace >= 0 && line.includes('"@type"', brace)) return parseIamAuditJson(line, brace, prefix);
  return IGNORED;
}

function sniffMessage(line: string, start: number): boolean {
  return (
    line.includes("token exchange from client '", start) ||
    line.includes("' impersonates '", start) ||
    line.includes("' exchanges token from '", start)
  );
}

function create(): LineParser {
  return { format: "iam-exchange", parseLine: parseExchangeLine, saveState: () => null };
}

function sniff(line: string): boolean {
  const prefix = parseSpringPrefix(line);
  return prefix !== null && sniffMessage(line, prefix.msgStart);
}

/**
 * IAM's main log: token exchanges are logged only as plain INFO lines (no audit JSON, no subject
 * jti), so this is the only record of which client impersonated which user. Audit JSON entries
 * in the same file are parsed as iam-audit; every other line of the log is ignored.
 */
export const iamExchangeFormat: FormatModule = {
  format: "iam-exchange",
  component: "iam",
  create,
  sniff,
};
