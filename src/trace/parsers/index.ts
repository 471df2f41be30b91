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
/** A Spring Boot log line: IAM's main log, where token-exchange lines are rare. */
const SPRING_BOOT =
  /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?\s+(?:TRACE|DEBUG|INFO|WARN|ERROR)\b/;

/**
 * The format of a file from the start of its content: every format's sniff votes on up to 200
 * lines and the most votes win (ties go to the order of LOG_FORMATS). A file of plain Spring Boot
 * lines with no vote is IAM's main log (its token-exchange lines may come much later). Null when
 * nothing matches: the file is reported, not guessed.
 */
export function detectFormat(head: Buffer): LogFormat | null {
  const text = head.toString("utf8");
  const lines = text.split("\n");
  if (lines.length > 1) lines.pop(); // the head may end inside a line
  const votes = new Map<LogFormat, number>();
  let seen = 0;
  let spring = 0;
  for (const raw of lines) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") continue;
    if (++seen > SNIFF_LINES) break;
    for (const m of Object.values(MODULES)) {
      if (m.sniff(line)) votes.set(m.format, (votes.get(m.format) ?? 0) + 1);
    }
    if (SPRING_BOOT.test(line)) spring++;
  }
  let best: LogFormat | null = null;
  let bestVotes = 0;
  for (const [format, n] of votes) {
    if (n > bestVotes) {
      best = format;
      bestVotes = n;
    }
  }
  if (best === null && spring > 0 && spring * 2 >= seen) return "iam-exchange";
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
