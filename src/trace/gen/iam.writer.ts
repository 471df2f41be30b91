import { springTime } from "./time-format.js";
import { scopeListText } from "./tokens.js";

/**
 * INDIGO IAM lines: a Spring Boot prefix (`2024-09-03 10:11:12.345  INFO 4242 --- [thread]
 * logger : `, UTC) followed by the message. Audit entries (logger AUDIT) carry one JSON object
 * with IAM's field names and order (timestamp = epoch ms, scopes as a list, header {alg, kid},
 * payload = the token's claims, refreshTokenJti only on refreshed access tokens — an access token
 * minted together with a refresh token, or by an exchange, has none, so refreshTokenJti always
 * means "minted from that refresh token").
 */
export type IamLevel = "INFO" | "WARN";

/** A Spring Boot log line (thread right-aligned to 15 characters, as Spring pads it). */
export function springLine(
  ms: number,
  pid: number,
  level: IamLevel,
  thread: string,
  logger: string,
  msg: string,
): string {
  const t = thread.length >= 15 ? thread : thread.padStart(15);
  return `${springTime(ms)} ${level === "INFO" ? " INFO" : " WARN"} ${pid} --- [${t}] ${logger} : ${msg}`;
}

export type TokenEventType =
  "AccessTokenIssuedEvent" | "RefreshTokenIssuedEvent" | "AccessTokenRefreshedEvent";

const MESSAGES: Record<TokenEventType, string> = {
  AccessTokenIssuedEvent: "Issue access token",
  RefreshTokenIssuedEvent: "Issue refresh token",
  AccessTokenRefreshedEvent: "Access token refreshed",
};

export interface TokenEventFields {
  ms: number;
  type: TokenEventType;
  /** The authenticated client at the token endpoint. */
  principal: string;
  scope: string;
  /** The user name (or client name for client credentials) behind the token. */
  subject: string;
  grantType: string;
  /** The key id for signed (access) tokens; null for refresh tokens. */
  kid: string | null;
  payload: string;
  refreshTokenJti: string | null;
}

const q = JSON.stringify;

/**
 * The audit JSON of a token event. Principal, subject and grant type are client ids (UUIDs), user
 * names and grant URNs: nothing that needs JSON escaping.
 */
export function tokenEventJson(e: TokenEventFields): string {
  const header = e.kid === null ? "" : `,"header":{"alg":"RS256","kid":"${e.kid}"}`;
  const rt = e.refreshTokenJti === null ? "" : `,"refreshTokenJti":"${e.refreshTokenJti}"`;
  return (
    `{"timestamp":${e.ms},"@type":"${e.type}","category":"TOKEN","principal":"${e.principal}",` +
    `"message":"${MESSAGES[e.type]}","source":"IamTokenService","scopes":${scopeListText(e.scope)},` +
    `"subject":"${e.subject}","grantType":"${e.grantType}"${header},"payload":${e.payload}${rt}}`
  );
}

/** AccountSuspendedEvent / AccountUnsuspendedEvent, done by an administrator. */
export function accountEventJson(
  ms: number,
  suspended: boolean,
  account: { uuid: string; username: string },
): string {
  const type = suspended ? "AccountSuspendedEvent" : "AccountUnsuspendedEvent";
  const message = suspended ? "Account suspended" : "Account unsuspended";
  return (
    `{"timestamp":${ms},"@type":"${type}","category":"ACCOUNT","principal":"admin",` +
    `"message":"${message}","source":"DefaultIamAccountService",` +
    `"account":{"uuid":${q(account.uuid)},"username":${q(account.username)}}}`
  );
}

/** A successful interactive login (the start of a device-code or authorization-code flow). */
export function loginEventJson(ms: number, username: string): string {
  return (
    `{"timestamp":${ms},"@type":"IamAuthenticationSuccessEvent","category":"AUTHENTICATION",` +
    `"principal":${q(username)},"message":"${username} authenticated successfully",` +
    `"source":"UsernamePasswordAuthenticationToken"}`
  );
}

/**
 * The three wordings of IAM's token-exchange INFO line (middleware-logs.md): 1 and 2 are the
 * impersonation wordings of two releases, 3 the client-credentials variant (no user).
 */
export type ExchangeWording = 1 | 2 | 3;

/** The token-exchange INFO message in one of IAM's wordings. */
export function exchangeMessage(
  wording: ExchangeWording,
  f: { actor: string; subjectClient: string; user: string; aud: string; scope: string },
): string {
  switch (wording) {
    case 1:
      return `Client '${f.actor}' requests token exchange from client '${f.subjectClient}' to impersonate user '${f.user}' on audience '${f.aud}' with scopes '${f.scope}'`;
    case 2:
      return `Client '${f.actor}' impersonates '${f.user}' from '${f.subjectClient}' audience '${f.aud}' scopes '${f.scope}'`;
    case 3:
      return `Client '${f.actor}' exchanges token from '${f.subjectClient}' audience '${f.aud}' scopes '${f.scope}'`;
  }
}

/** The logger of IAM's token-exchange granter (abbreviated the way Spring Boot prints it). */
export const EXCHANGE_LOGGER = "i.i.m.i.c.o.g.TokenExchangeTokenGranter";

/** IAM's start-up lines: [ms after start, thread, logger, message]. */
export function startupLines(version: string, pid: number): [number, string, string, string][] {
  return [
    [
      0,
      "main",
      "it.infn.mw.iam.IamLoginService",
      `Starting IamLoginService v${version} using Java 17.0.12 with PID ${pid} (/opt/iam/iam-login-service.war started by iam in /opt/iam)`,
    ],
    [40, "main", "it.infn.mw.iam.IamLoginService", 'The following 1 profile is active: "prod"'],
    [
      5210,
      "main",
      "o.s.b.w.embedded.tomcat.TomcatWebServer",
      "Tomcat initialized with port(s): 8080 (http)",
    ],
    [
      5390,
      "main",
      "o.s.web.context.ContextLoader",
      "Root WebApplicationContext: initialization completed in 5123 ms",
    ],
    [
      14800,
      "main",
      "o.m.o.s.impl.DefaultOAuth2ProviderTokenService",
      "Token service ready (signing key rsa1, RS256)",
    ],
    [
      21950,
      "main",
      "o.s.b.w.embedded.tomcat.TomcatWebServer",
      "Tomcat started on port(s): 8080 (http) with context path ''",
    ],
    [
      22010,
      "main",
      "it.infn.mw.iam.IamLoginService",
      "Started IamLoginService in 23.456 seconds (JVM running for 25.1)",
    ],
  ];
}

/** IAM's lines when it is stopped for the upgrade: [ms after stop, thread, logger, message]. */
export function shutdownLines(): [number, string, string, string][] {
  return [
    [
      0,
      "shutdown-hook",
      "o.s.b.w.embedded.tomcat.GracefulShutdown",
      "Commencing graceful shutdown. Waiting for active requests to complete",
    ],
    [
      850,
      "tomcat-shutdown",
      "o.s.b.w.embedded.tomcat.GracefulShutdown",
      "Graceful shutdown complete",
    ],
  ];
}
