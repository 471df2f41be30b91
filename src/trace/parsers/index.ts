import { arcJobsFormat } from "./arc-jobs.parser.js";
import { condorAuditFormat } from "./condor-audit.parser.js";
import { dcacheAccessFormat } from "./dcache-access.parser.js";
import { dcacheBillingFormat } from "./dcache-billing.parser.js";
import { eosReportFormat } from "./eos-report.parser.js";
import { ftsFormat } from "./fts.parser.js";
import { iamAuditFormat } from "./iam-audit.parser.js";
import { iamExchangeFormat } from "./iam-exchange.parser.js";
import type { FormatModule, LogFormat } from "./parser.js";
import { stormAccessFormat } from "./storm-access.parser.js";
import { xrootdFormat } from "./xrootd.parser.js";

export { LOG_FORMATS, type LogFormat, type LineParser, type LineResult } from "./parser.js";

const MODULES: Record<LogFormat, FormatModule> = {
  "iam-audit": iamAuditFormat,
  "iam-exchange": iamExchangeFormat,
  fts: ftsFormat,
  "condor-audit": condorAuditFormat,
  "arc-jobs": arcJobsFormat,
  "dcache-access": dcacheAccessFormat,
  "dcache-billing": dcacheBillingFormat,
  "storm-access": stormAccessFormat,
  xrootd: xrootdFormat,
  "eos-report": eosReportFormat,
};

export function formatModule(format: LogFormat): FormatModule {
  return MODULES[format];
}

/** Lines of the head that detection looks at. */
const SNIFF_LINES = 200;
/** XRootD's own log prefix, `yymmdd HH:MM:SS <thread> <component>`: a server log whose token
 * lines (debug level) may come long after the start-up dump. */
const XROOTD_LOG = /^\d{6} \d{2}:\d{2}:\d{2} \d+ \S/;
/** A Spring Boot log line: IAM's main log, where token-exchange lines are rare. */
const SPRING_BOOT =
  /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?\s+(?:TRACE|DEBUG|INFO|WARN|ERROR)\b/;

/**
 * The format of a file from the start of its content: every format's sniff votes on up to 200
 * lines and the most votes win (ties go to the order of LOG_FORMATS). Two kinds of log whose
 * telling lines may come late are recognised by their shape instead:
 * - IAM's main log. A file of plain Spring Boot lines with no vote is one (its token-exchange
 *   lines may come much later), and so is one where audit entries outvote the exchange lines
 *   but other Spring Boot lines are mixed in: the AUDIT logger writing into the main log. Its
 *   parser (iam-exchange) reads the audit entries too, where iam-audit would call every plain
 *   line bad and lose the exchanges.
 * - XRootD's server log, when most lines have its `yymmdd HH:MM:SS <thread>` prefix and none
 *   votes (token mappings are logged at debug level, after the start-up dump).
 * Null when nothing matches: the file is reported, not guessed.
 */
export function detectFormat(head: Buffer): LogFormat | null {
  const text = head.toString("utf8");
  const lines = text.split("\n");
  if (lines.length > 1) lines.pop(); // the head may end inside a line
  const votes = new Map<LogFormat, number>();
  let seen = 0;
  let spring = 0;
  let springNotAudit = 0;
  let xrootd = 0;
  for (const raw of lines) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") continue;
    if (++seen > SNIFF_LINES) break;
    let audit = false;
    for (const m of Object.values(MODULES)) {
      if (!m.sniff(line)) continue;
      votes.set(m.format, (votes.get(m.format) ?? 0) + 1);
      if (m.format === "iam-audit") audit = true;
    }
    if (SPRING_BOOT.test(line)) {
      spring++;
      if (!audit) springNotAudit++;
    }
    if (XROOTD_LOG.test(line)) xrootd++;
  }
  let best: LogFormat | null = null;
  let bestVotes = 0;
  for (const [format, n] of votes) {
    if (n > bestVotes) {
      best = format;
      bestVotes = n;
    }
  }
  if (best === "iam-audit" && springNotAudit > 0) return "iam-exchange";
  if (best === null && spring > 0 && spring * 2 >= seen) return "iam-exchange";
  if (best === null && xrootd > 0 && xrootd * 2 >= seen) return "xrootd";
  return best;
}

/**
 * The state a parser starts a new file with. dCache billing records carry no year (`MM.dd`);
 * the daily file's name does (`billing-2024.09.03`), so that year starts the parser.
 */
export function initialParserState(format: LogFormat, path: string): unknown {
  if (format !== "dcache-billing") return undefined;
  const base = path.slice(path.lastIndexOf("/") + 1);
  const m = /(?:^|\D)((?:19|20)\d{2})[.-](0[1-9]|1[0-2])[.-]\d{2}(?:\D|$)/.exec(base);
  return m === null ? undefined : { year: Number(m[1]), month: Number(m[2]) };
}
