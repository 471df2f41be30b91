/**
 * The line templates of middleware-logs.md as regular expressions, one per generated file kind,
 * with a reader of each line's time. The generator's tests hold every written line to these, so
 * a drift from the documented formats fails a test rather than an ingest.
 */
export type GenFormat =
  | "iam-audit"
  | "iam-main"
  | "fts"
  | "condor"
  | "arc"
  | "dcache-access"
  | "dcache-billing"
  | "storm"
  | "xrootd-log"
  | "xrootd-mon"
  | "eos";

/** The format of a generated file from its path relative to the output directory. */
export function formatOf(rel: string): GenFormat | null {
  const name = rel.replace(/\.gz$/, "");
  if (/^iam\/iam-audit\.log\./.test(name)) return "iam-audit";
  if (/^iam\/iam\.log\./.test(name)) return "iam-main";
  if (/\/fts\/fts3server\.log\./.test(name)) return "fts";
  if (/\/condor-ce\/AuditLog\./.test(name)) return "condor";
  if (/\/arc\/jobs\.log\./.test(name)) return "arc";
  if (/\/dcache\/\w+Domain\.access\./.test(name)) return "dcache-access";
  if (/\/dcache\/billing-\d{4}\.\d\d\.\d\d$/.test(name)) return "dcache-billing";
  if (/\/storm\/storm-webdav-server-access\.log\./.test(name)) return "storm";
  if (/\/xrootd\/xrootd\.log\./.test(name)) return "xrootd-log";
  if (/\/xrootd\/xrootd-mon\.log\./.test(name)) return "xrootd-mon";
  if (/\/eos\/\d{8}\.eosreport$/.test(name)) return "eos";
  return null;
}

const SPRING = String.raw`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}  INFO \d+ --- \[[ \w-]{15,}\]`;
const UUID = String.raw`[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`;
const FRAG = String.raw`[\w.-]{5}\.\.\.[\w.-]{5}`;
const NL_VALUE = String.raw`(?:"(?:[^"\\]|\\.)*"|[^\s"]+)`;

/** Every template of a file kind; a line must match one. */
export const PATTERNS: Record<GenFormat, RegExp[]> = {
  "iam-audit": [
    new RegExp(
      `^${SPRING} AUDIT : (\\{"timestamp":\\d+,"@type":"\\w+","category":"[A-Z]+",.*\\})$`,
    ),
  ],
  "iam-main": [
    new RegExp(
      `^${SPRING} [\\w.$-]+ : Client '[^']+' requests token exchange from client '[^']+' to impersonate user '[^']+' on audience '[^']+' with scopes '[^']+'$`,
    ),
    new RegExp(
      `^${SPRING} [\\w.$-]+ : Client '[^']+' impersonates '[^']+' from '[^']+' audience '[^']+' scopes '[^']+'$`,
    ),
    new RegExp(
      `^${SPRING} [\\w.$-]+ : Client '[^']+' exchanges token from '[^']+' audience '[^']+' scopes '[^']+'$`,
    ),
    new RegExp(`^${SPRING} [\\w.$-]+ : (?!Client ').+$`),
  ],
  fts: [
    new RegExp(
      String.raw`^(?:INFO {4}|WARNING |NOTICE {2})(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d [+-]\d{4}; ` +
        "(?:" +
        [
          `${UUID} logged in via oauth2`,
          `Starting token-exchange: token_id=[0-9a-f]{16} expiration_time=\\d+ issuer=\\S+ access_token=${FRAG}`,
          `Obtained exchanged token: token_id=[0-9a-f]{16} expiration_time=\\d+ access_token=${FRAG} refresh_token=${FRAG}`,
          `Storing exchanged token: token_id=[0-9a-f]{16} expiration_time=\\d+ access_token=${FRAG} refresh_token=${FRAG}`,
          `Starting token-refresh: token_id=[0-9a-f]{16} expiration_time=\\d+ issuer=\\S+ access_token=${FRAG}`,
          `Obtained refreshed access token: token_id=[0-9a-f]{16} expiration_time=\\d+ access_token=${FRAG}`,
          `Failed to refresh access token: token_id=[0-9a-f]{16} response: '[^']*'`,
          "(?:Job|Transfer|Heartbeat|Optimizer|Sanity)[^']*",
        ].join("|") +
        ")$",
    ),
  ],
  condor: [
    new RegExp(
      String.raw`^\d\d/\d\d/\d\d \d\d:\d\d:\d\d \(cid:\d+\) (?:Examining SciToken with payload \{.*\}\.|Command=\w+, peer=<[^<>\s]+>|AuthMethod=SCITOKENS, AuthId=https://\S+?,${UUID}, CondorId=\w+@[\w.-]+|AuthMethod=SSL, AuthId=[^,]+, CondorId=\w+@[\w.-]+|Authentication Failed, MethodsTried=[\w,]+|Submitting new job \d+\.\d+|Job \d+\.0 routed from RoutedFromJobId=\d+\.0)$`,
    ),
  ],
  arc: [
    new RegExp(
      String.raw`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (?:Started|Finished) - job id: \w+, unix user: \d+:\d+, name: "[^"]*", owner: "https://\S+/${UUID}", lrms: \w+, queue: \w+(?:, lrmsid: \d+(?:, failure: "[^"]*")?)?$`,
    ),
  ],
  "dcache-access": [
    new RegExp(
      String.raw`^level=INFO ts=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d{4} event=org\.dcache\.(?:webdav\.request|xrootd\.login)(?: [\w.-]+=${NL_VALUE})+$`,
    ),
  ],
  "dcache-billing": [
    new RegExp(
      String.raw`^\d{4}\.\d\d\.\d\d \d\d:\d\d:\d\d \[pool:[\w.-]+@[\w.-]+:transfer\] \[[0-9A-F]{36},\d+\] \[/[^\]\s]+\] [\w:@]+ \d+ \d+ (?:true|false) \{[\w.-]+,\S+\} \[door:[\w.-]+@\w+:\w+\] \{0:""\}$`,
    ),
  ],
  storm: [
    new RegExp(
      String.raw`^[0-9a-f.:]+ 8443 "(?:anonymous|${UUID}@https://\S+|/DC=[^"]+)" \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z "${UUID}" "(?:GET|PUT|PROPFIND|HEAD) /\S+ HTTP/1\.1" \d{3} \d+ \d+$`,
    ),
  ],
  "xrootd-log": [
    new RegExp(
      String.raw`^\d{6} \d\d:\d\d:\d\d \d+ XrdSciTokens: New valid token mapped_username=\w+, subject=${UUID}, issuer=https://\S+, groups=[/\w,]+$`,
    ),
  ],
  "xrootd-mon": [
    new RegExp(
      String.raw`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z &Uc=\d+&s=${UUID}&n=\w+&o=https://[^&]+&r=[^&]*&g=[/\w,]+$`,
    ),
  ],
  eos: [
    new RegExp(
      String.raw`^log=${UUID}&path=/[^&]+&ruid=\d+&rgid=\d+&td=\w+\.\d+:\d+@[\w.-]+&host=[\w.-]+&fid=\d+&ots=\d+&otms=\d+&cts=\d+&ctms=\d+&rb=\d+&wb=\d+&sec\.prot=scitokens&sec\.name=\w+&sec\.host=[0-9a-f.:]+&sec\.vorg=https://[^&]+&sec\.grps=[/\w,]+&sec\.role=&sec\.info=&sec\.app=$`,
    ),
  ],
};

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0): number {
  return Date.UTC(y, mo, d, h, mi, s, ms);
}

/** The UTC time (ms) a line states, at the precision its format has. */
export function lineTime(format: GenFormat, line: string): number {
  let m: RegExpExecArray | null;
  switch (format) {
    case "iam-audit":
    case "iam-main":
    case "arc":
      m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)/.exec(line);
      break;
    case "dcache-billing":
      m = /^(\d{4})\.(\d\d)\.(\d\d) (\d\d):(\d\d):(\d\d)/.exec(line);
      break;
    case "storm":
      return Date.parse(/ (\d{4}-\d\d-\d\dT\S+Z) /.exec(line)?.[1] ?? "");
    case "xrootd-mon":
      return Date.parse(line.slice(0, line.indexOf(" ")));
    case "dcache-access":
      return Date.parse(/ts=(\S+)/.exec(line)?.[1] ?? "");
    case "eos": {
      const cts = /&cts=(\d+)&ctms=(\d+)/.exec(line);
      return cts === null ? NaN : Number(cts[1]) * 1000 + Number(cts[2]);
    }
    case "condor": {
      const c = /^(\d\d)\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d)/.exec(line);
      return c === null
        ? NaN
        : utc(
            2000 + Number(c[3]),
            Number(c[1]) - 1,
            Number(c[2]),
            Number(c[4]),
            Number(c[5]),
            Number(c[6]),
          );
    }
    case "xrootd-log": {
      const x = /^(\d\d)(\d\d)(\d\d) (\d\d):(\d\d):(\d\d)/.exec(line);
      return x === null
        ? NaN
        : utc(
            2000 + Number(x[1]),
            Number(x[2]) - 1,
            Number(x[3]),
            Number(x[4]),
            Number(x[5]),
            Number(x[6]),
          );
    }
    case "fts": {
      const f = /, (\d\d) (\w{3}) (\d{4}) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d);/.exec(line);
      if (f === null) return NaN;
      const off = (f[7] === "-" ? -1 : 1) * (Number(f[8]) * 60 + Number(f[9]));
      return (
        utc(
          Number(f[3]),
          MONTHS[f[2]!] ?? NaN,
          Number(f[1]),
          Number(f[4]),
          Number(f[5]),
          Number(f[6]),
        ) -
        off * 60_000
      );
    }
  }
  return m === null
    ? NaN
    : utc(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}
