import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AccountsService, Actor, ApiTokensService } from "../accounts/index.js";
import { UnauthenticatedError } from "../core/errors.js";

export const SESSION_COOKIE = "ttt_session";

declare module "fastify" {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Routes reachable without authentication (health, OpenAPI, login). */
    public?: boolean;
  }
}

/**
 * Resolves who is calling, once per request: an `Authorization: Bearer` API token, else the
 * session cookie. In local (CLI) mode the actor is fixed and nothing is read from the request.
 */
export function installAuth(
  app: FastifyInstance,
  accounts: AccountsService,
  apiTokens: ApiTokensService,
  localActor: Actor | undefined,
): void {
  app.decorateRequest("actor", null);
  app.addHook("onRequest", async (req) => {
    if (localActor !== undefined) {
      req.actor = localActor;
      return;
    }
    const header = req.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      req.actor = match?.[1] ? await apiTokens.resolve(match[1]) : null;
      if (req.actor === null && !req.routeOptions.config.public) {
        throw new UnauthenticatedError("invalid, revoked or malformed API token");
      }
      return;
    }
    const cookie = req.cookies[SESSION_COOKIE];
    req.actor = cookie ? await accounts.resolveSession(cookie) : null;
  });
  app.addHook("preHandler", (req, _reply, done) => {
    done(
      req.actor === null && !req.routeOptions.config.public
        ? new UnauthenticatedError()
        : undefined,
    );
  });
}

/** The authenticated actor of a non-public route (the preHandler guarantees one). */
export function actor(req: FastifyRequest): Actor {
  if (req.actor === null) throw new UnauthenticatedError();
  return req.actor;
}
