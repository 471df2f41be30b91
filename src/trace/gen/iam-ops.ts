import type { Gen } from "./gen-context.js";
import {
  EXCHANGE_LOGGER,
  exchangeMessage,
  loginEventJson,
  springLine,
  tokenEventJson,
  type TokenEventType,
} from "./iam.writer.js";
import type { LineRole, Mark } from "./line-buffer.js";
import type { User } from "./scenario.js";
import {
  FTS_SCOPE,
  accessPayload,
  mintAccess,
  mintRefresh,
  refreshPayload,
  userScope,
  type AccessToken,
  type RefreshToken,
} from "./tokens.js";

/**
 * What IAM logs when it mints tokens: logins (refresh + access token), refreshes (with
 * refreshTokenJti) and token exchanges (an INFO line in iam.log, then the audit events of the new
 * access and refresh tokens, within milliseconds).
 */
export const GRANT = {
  device: "urn:ietf:params:oauth:grant-type:device_code",
  code: "authorization_code",
  refresh: "refresh_token",
  exchange: "urn:ietf:params:oauth:grant-type:token-exchange",
} as const;

/** IAM's process id: it restarts once, at the upgrade in the middle of the run. */
export function iamPid(g: Gen, ms: number): number {
  return ms < g.world.upgradeMs ? g.world.iamPid : g.world.iamPid + 1187;
}

const THREADS = Array.from({ length: 10 }, (_, i) => `nio-8080-exec-${i + 1}`);

function thread(g: Gen): string {
  return THREADS[g.rng.int(10)]!;
}

/** One audit entry in iam-audit.log. */
export function auditLine(
  g: Gen,
  ms: number,
  json: string,
  mark: Mark,
  role: LineRole,
  jti: string | null = null,
  parent: string | null = null,
): void {
  const line = springLine(ms, iamPid(g, ms), "INFO", thread(g), "AUDIT", json);
  g.out.emit(g.world.iamFiles.audit, ms, line, mark, role, jti, parent);
}

/** One line in iam.log. */
export function mainLine(
  g: Gen,
  ms: number,
  logger: string,
  msg: string,
  mark: Mark,
  role: LineRole,
  jti: string | null = null,
  threadName: string | null = null,
): void {
  const line = springLine(ms, iamPid(g, ms), "INFO", threadName ?? thread(g), logger, msg);
  g.out.emit(g.world.iamFiles.main, ms, line, mark, role, jti);
}

function tokenEvent(
  g: Gen,
  ms: number,
  type: TokenEventType,
  f: { principal: string; subject: string; grantType: string; refreshTokenJti: string | null },
  tok: AccessToken | RefreshToken,
  mark: Mark,
  role: LineRole,
  parent: string | null,
): void {
  const access = tok.kind === "access";
  const json = tokenEventJson({
    ms,
    type,
    principal: f.principal,
    scope: access ? tok.scope : "openid offline_access",
    subject: f.subject,
    grantType: f.grantType,
    kid: access ? g.world.kid : null,
    payload: access ? accessPayload(g.world, tok) : refreshPayload(g.world, tok),
    refreshTokenJti: f.refreshTokenJti,
  });
  auditLine(g, ms, json, mark, role, tok.jti, parent);
}

/** An interactive login through `clientId`: a refresh token and a first access token. */
export function login(
  g: Gen,
  user: User,
  ms: number,
  clientId: string,
  mark: Mark,
): { rt: RefreshToken; at: AccessToken } {
  auditLine(g, ms, loginEventJson(ms, user.username), mark, "iam.login");
  const grantType = g.rng.chance(0.7) ? GRANT.device : GRANT.code;
  const t = ms + g.rng.range(2000, 20000);
  const rt = mintRefresh(g.rng, { sub: user.sub, clientId, atMs: t });
  const at = mintAccess(g.rng, {
    sub: user.sub,
    clientId,
    atMs: t,
    scope: userScope(user.prod),
    groups: user.groups,
  });
  const f = { principal: clientId, subject: user.username, grantType, refreshTokenJti: null };
  tokenEvent(g, t, "RefreshTokenIssuedEvent", f, rt, mark, "iam.issued.refresh", null);
  tokenEvent(g, t + 3, "AccessTokenIssuedEvent", f, at, mark, "iam.issued.access", null);
  return { rt, at };
}

/** An access token minted from a refresh token (AccessTokenRefreshedEvent, refreshTokenJti). */
export function refresh(
  g: Gen,
  user: User,
  ms: number,
  rt: RefreshToken,
  scope: string,
  mark: Mark,
): AccessToken {
  const at = mintAccess(g.rng, {
    sub: user.sub,
    clientId: rt.clientId,
    atMs: ms,
    scope,
    groups: user.groups,
  });
  const f = {
    principal: rt.clientId,
    subject: user.username,
    grantType: GRANT.refresh,
    refreshTokenJti: rt.jti,
  };
  tokenEvent(g, ms, "AccessTokenRefreshedEvent", f, at, mark, "iam.refreshed", rt.jti);
  return at;
}

/**
 * A token exchange by `actor` (FTS) of the user's `subject` token: the INFO line (wording of the
 * IAM release running then), the new access token and a refresh token for the actor.
 */
export function exchange(
  g: Gen,
  user: User,
  ms: number,
  subject: AccessToken,
  actor: string,
  mark: Mark,
): { x: AccessToken; rx: RefreshToken; ms: number } {
  const wording = ms < g.world.upgradeMs ? 1 : 2;
  const msg = exchangeMessage(wording, {
    actor,
    subjectClient: subject.clientId,
    user: user.username,
    aud: g.world.aud,
    scope: FTS_SCOPE,
  });
  mainLine(g, ms, EXCHANGE_LOGGER, msg, mark, "iam.exchange", subject.jti);
  const t = ms + g.rng.range(15, 60);
  const x = mintAccess(g.rng, {
    sub: user.sub,
    clientId: actor,
    atMs: t,
    scope: FTS_SCOPE,
    groups: subject.groups,
  });
  const rx = mintRefresh(g.rng, { sub: user.sub, clientId: actor, atMs: t });
  const f = {
    principal: actor,
    subject: user.username,
    grantType: GRANT.exchange,
    refreshTokenJti: null,
  };
  tokenEvent(g, t, "AccessTokenIssuedEvent", f, x, mark, "iam.issued.access", subject.jti);
  tokenEvent(g, t + 2, "RefreshTokenIssuedEvent", f, rx, mark, "iam.issued.refresh", subject.jti);
  return { x, rx, ms: t + 2 };
}

/**
 * A usable access token for the user's own client at `ms`: logs in once a day (or when there is
 * no session), refreshes when the current token has less than ten minutes left.
 */
export function accessFor(g: Gen, user: User, ms: number, mark: Mark): AccessToken {
  const dayNo = Math.floor((ms - g.world.startMs) / 86_400_000);
  if (user.rt === null || user.loginDay < dayNo - g.rng.int(3)) {
    const s = login(g, user, ms, user.clientId, mark);
    user.rt = s.rt;
    user.at = s.at;
    user.loginDay = dayNo;
    return s.at;
  }
  if (user.at === null || user.at.exp * 1000 < ms + 600_000) {
    user.at = refresh(g, user, ms, user.rt, userScope(user.prod), mark);
  }
  return user.at;
}

/** A fresh token for a submission that wants its own (FTS jobs): always a refresh. */
export function freshAccess(g: Gen, user: User, ms: number, mark: Mark): AccessToken {
  accessFor(g, user, ms, mark);
  const rt = user.rt!;
  user.at = refresh(g, user, ms + g.rng.range(200, 900), rt, userScope(user.prod), mark);
  return user.at;
}
