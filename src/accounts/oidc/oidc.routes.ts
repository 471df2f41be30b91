import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { SESSION_COOKIE } from "../../http/auth.js";
import { OidcLoginError } from "./oidc.errors.js";
import { OidcCallbackQuery, OidcLoginQuery, OidcStatus } from "./oidc.schema.js";
import type { OidcService } from "./oidc.service.js";

/** Holds the id of a login in progress; Lax, because the callback is a cross-site navigation. */
export const OIDC_LOGIN_COOKIE = "ttt_oidc";
const LOGIN_COOKIE_PATH = "/api/v1/auth/oidc";

/**
 * The callback URL carries the authorization code: the request log shows its path only.
 * Fastify logs "incoming request" with this route's serializers.
 */
const withoutQuery = (req: FastifyRequest) => ({
  method: req.method,
  url: req.url.split("?")[0],
  host: req.host,
  remoteAddress: req.ip,
});

/** Log in with an OIDC provider: status for the login page, the redirect, and the callback. */
export function registerOidcRoutes(
  root: FastifyInstance,
  oidc: OidcService,
  opts: { secureCookies: boolean },
): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ["accounts"];
  const secure = (req: FastifyRequest) => opts.secureCookies || req.protocol === "https";

  app.get(
    "/api/v1/auth/oidc",
    {
      config: { public: true },
      schema: {
        tags,
        summary: "Whether login with an OIDC provider is offered, and the provider's name",
        response: { 200: OidcStatus },
      },
    },
    () => oidc.status(),
  );

  app.get(
    "/api/v1/auth/oidc/login",
    {
      config: { public: true },
      schema: {
        tags,
        summary: "Start an OIDC login: 302 to the provider (errors: 302 to /login?error=…)",
        querystring: OidcLoginQuery,
      },
    },
    async (req, reply) => {
      try {
        const started = await oidc.begin(`${req.protocol}://${req.host}`, req.query.return ?? "/");
        void reply.setCookie(OIDC_LOGIN_COOKIE, started.loginId, {
          path: LOGIN_COOKIE_PATH,
          httpOnly: true,
          sameSite: "lax",
          secure: secure(req),
          expires: new Date(started.expiresAt),
        });
        return noStore(reply).redirect(started.url, 302);
      } catch (err) {
        return refuse(req, reply, err);
      }
    },
  );

  app.get(
    "/api/v1/auth/oidc/callback",
    {
      config: { public: true },
      logSerializers: { req: withoutQuery },
      schema: {
        tags,
        summary: "The provider's redirect back: opens a session, 302 to the return path",
        querystring: OidcCallbackQuery,
      },
    },
    async (req, reply) => {
      const at = req.url.indexOf("?");
      const params = new URLSearchParams(at < 0 ? "" : req.url.slice(at + 1));
      void reply.clearCookie(OIDC_LOGIN_COOKIE, { path: LOGIN_COOKIE_PATH });
      try {
        const done = await oidc.complete(req.cookies[OIDC_LOGIN_COOKIE], params);
        const { actor } = done.session;
        // The same cookie as a password login (accounts.routes.ts).
        void reply.setCookie(SESSION_COOKIE, done.session.secret, {
          path: "/",
          httpOnly: true,
          sameSite: "strict",
          secure: secure(req),
          expires: new Date(done.session.expiresAt),
        });
        req.log.info(
          { oidc: { iss: done.iss, sub: done.sub, user: actor.name, role: actor.role } },
          "OIDC login",
        );
        return noStore(reply).redirect(done.returnTo, 302);
      } catch (err) {
        return refuse(req, reply, err);
      }
    },
  );
}

function noStore(reply: FastifyReply): FastifyReply {
  return reply.header("cache-control", "no-store");
}

/** Every refusal goes back to the login page with a stable code; the log gets iss/sub only. */
function refuse(req: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  if (err instanceof OidcLoginError) {
    const who = { ...(err.iss ? { iss: err.iss } : {}), ...(err.sub ? { sub: err.sub } : {}) };
    req.log.warn({ oidc: { code: err.code, ...who } }, `OIDC login refused: ${err.message}`);
    return noStore(reply).redirect(`/login?error=${err.code}`, 302);
  }
  const message = err instanceof Error ? `${err.name}: ${err.message}` : "unknown error";
  req.log.error({ oidc: { code: "oidc_failed" } }, `OIDC login failed: ${message.slice(0, 300)}`);
  return noStore(reply).redirect("/login?error=oidc_failed", 302);
}
