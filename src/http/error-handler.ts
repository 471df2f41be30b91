import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { TttError, type FieldIssue } from "../core/errors.js";
import { isMissing } from "../core/validation.js";
import { isUniqueViolation } from "../store/index.js";

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

function validationIssues(err: FastifyError): FieldIssue[] {
  const where = err.validationContext ?? "body";
  return (err.validation ?? []).map((v) => {
    const path = v.instancePath.split("/").filter(Boolean);
    const missing = (v.params as { missingProperty?: string } | undefined)?.missingProperty;
    const full = [where, ...path, ...(missing ? [missing] : [])]
      .map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`))
      .join("");
    const message = isMissing({ code: "invalid_type", message: v.message ?? "" })
      ? "required"
      : (v.message ?? "invalid");
    return { path: full, message };
  });
}

/** The one place errors become responses; every body has a stable `code`. */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const send = (status: number, body: ErrorBody) => void reply.status(status).send(body);
  if (err instanceof TttError) {
    if (err.status >= 500) req.log.error({ err }, err.message);
    send(err.status, {
      error: {
        code: err.code,
        message: err.message,
        ...(err.details === undefined ? {} : { details: err.details }),
      },
    });
    return;
  }
  if (err.validation) {
    const issues = validationIssues(err);
    const message = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
    send(400, { error: { code: "validation_failed", message, details: issues } });
    return;
  }
  if (err.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
    send(413, {
      error: { code: "body_too_large", message: "request body is larger than the limit" },
    });
    return;
  }
  if (err.code === "FST_ERR_CTP_INVALID_JSON_BODY" || err instanceof SyntaxError) {
    send(400, {
      error: { code: "invalid_json", message: `body: not valid JSON (${err.message})` },
    });
    return;
  }
  if (err.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE" || err.code === "FST_ERR_CTP_EMPTY_JSON_BODY") {
    send(err.statusCode ?? 400, { error: { code: "invalid_body", message: err.message } });
    return;
  }
  // Unique-key violations that slipped past a service check (a race) are conflicts, not crashes.
  if (isUniqueViolation(err)) {
    send(409, {
      error: {
        code: "conflict",
        message: "the change conflicts with a record written at the same time; retry",
      },
    });
    return;
  }
  if (err.statusCode !== undefined && err.statusCode < 500) {
    send(err.statusCode, { error: { code: err.code || "bad_request", message: err.message } });
    return;
  }
  req.log.error({ err }, "unhandled error");
  send(500, { error: { code: "internal", message: "internal error; see the server log" } });
}
