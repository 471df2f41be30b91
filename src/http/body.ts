import type { FastifyInstance } from "fastify";
import { TttError, ValidationError } from "../core/errors.js";

/**
 * JSON bodies: an empty body is "no body" (automation that always sends the content type), and
 * NUL characters are refused everywhere — PostgreSQL cannot store them in text, and no field of
 * ours has a use for them. Query strings and paths get the same NUL check.
 */
export function installBodyRules(app: FastifyInstance): void {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === "") {
      done(null, undefined);
      return;
    }
    if (text.includes("\u0000") || /\\u0000/i.test(text)) {
      done(
        new ValidationError("body: NUL characters are not allowed", [
          { path: "body", message: "contains a NUL character" },
        ]),
        undefined,
      );
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(
        new TttError("invalid_json", 400, `body: not valid JSON (${(err as Error).message})`),
        undefined,
      );
    }
  });
  app.addHook("onRequest", (req, _reply, done) => {
    done(
      /%00/.test(req.url)
        ? new ValidationError("url: NUL characters are not allowed", [
            { path: "url", message: "contains %00" },
          ])
        : undefined,
    );
  });
}
