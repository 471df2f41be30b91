import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppContext } from "../app/context.js";
import { actor, SESSION_COOKIE } from "../http/auth.js";
import {
  CreateTokenBody,
  CreateUserBody,
  LoginBody,
  TokenParams,
  TokenQuery,
  UpdateUserBody,
  UserParams,
} from "./accounts.schema.js";

/** Login/logout, users and API tokens. Handlers only translate HTTP to service calls. */
export function registerAccountRoutes(
  root: FastifyInstance,
  ctx: AppContext,
  opts: { secureCookies: boolean },
): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { accounts, apiTokens } = ctx;
  const tags = ["accounts"];

  app.post(
    "/api/v1/auth/login",
    {
      config: { public: true },
      schema: {
        tags,
        summary: "Log in with a local password; sets the session cookie",
        body: LoginBody,
      },
    },
    async (req, reply) => {
      const s = await accounts.login(req.body.username, req.body.password);
      void reply.setCookie(SESSION_COOKIE, s.secret, {
        path: "/",
        httpOnly: true,
        sameSite: "strict",
        secure: opts.secureCookies || req.protocol === "https",
        expires: new Date(s.expiresAt),
      });
      return { user: { name: s.actor.name, role: s.actor.role }, expiresAt: s.expiresAt };
    },
  );

  app.post(
    "/api/v1/auth/logout",
    { config: { public: true }, schema: { tags, summary: "End the session" } },
    async (req, reply) => {
      const secret = req.cookies[SESSION_COOKIE];
      if (secret) await accounts.logout(secret);
      void reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return { ok: true };
    },
  );

  app.get("/api/v1/auth/me", { schema: { tags, summary: "Who am I" } }, (req) => {
    const a = actor(req);
    return { name: a.name, role: a.role, via: a.via };
  });

  app.get("/api/v1/users", { schema: { tags, summary: "List users (admin)" } }, (req) =>
    accounts.listUsers(actor(req)),
  );
  app.post(
    "/api/v1/users",
    { schema: { tags, summary: "Create a user (admin)", body: CreateUserBody } },
    async (req, reply) => {
      reply.status(201);
      return accounts.addUser(actor(req), req.body);
    },
  );
  app.patch(
    "/api/v1/users/:name",
    {
      schema: {
        tags,
        summary: "Change role, disable, or set a password (admin)",
        params: UserParams,
        body: UpdateUserBody,
      },
    },
    (req) => accounts.updateUser(actor(req), req.params.name, req.body),
  );

  app.get(
    "/api/v1/api-tokens",
    {
      schema: {
        tags,
        summary: "List API tokens (own; any user's for admin)",
        querystring: TokenQuery,
      },
    },
    (req) => apiTokens.list(actor(req), req.query.user),
  );
  app.post(
    "/api/v1/api-tokens",
    {
      schema: {
        tags,
        summary: "Create an API token; the secret is in this response only",
        body: CreateTokenBody,
      },
    },
    async (req, reply) => {
      reply.status(201);
      return apiTokens.create(actor(req), req.body);
    },
  );
  app.delete(
    "/api/v1/api-tokens/:id",
    { schema: { tags, summary: "Revoke an API token", params: TokenParams } },
    (req) => apiTokens.revoke(actor(req), req.params.id),
  );
}
