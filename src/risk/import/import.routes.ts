import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ValidationError } from "../../core/errors.js";
import { actor } from "../../http/auth.js";
import { Slug } from "../risk.schema.js";
import type { ImportService } from "./import.service.js";
import { IMPORT_FORMATS } from "./import.types.js";

/** Spreadsheets with embedded pictures get big; anything larger is not a risk register. */
export const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;

export const ImportQuery = z.strictObject({
  format: z.enum(IMPORT_FORMATS).optional(),
  dryRun: z.stringbool().optional(),
  skipInvalid: z.stringbool().optional(),
  assessment: Slug.optional(),
  title: z.string().trim().min(1).max(200).optional(),
  methodology: Slug.optional(),
  fileName: z
    .string()
    .min(1)
    .max(255)
    .refine((s) => ![...s].some((ch) => ch.charCodeAt(0) < 0x20), "no control characters")
    .optional(),
});

/**
 * POST /api/v1/import: the body is the file itself (any content type, read as bytes), the
 * options are in the query string. Scoped in a plugin of its own so the raw-bytes parser and the
 * 20 MB limit apply to this route only; every other route keeps the JSON body rules.
 */
export async function registerImportRoutes(
  root: FastifyInstance,
  imports: ImportService,
): Promise<void> {
  await root.register((scope, _opts, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      "*",
      { parseAs: "buffer", bodyLimit: IMPORT_BODY_LIMIT },
      (_req, body, next) => {
        next(null, body);
      },
    );
    scope.withTypeProvider<ZodTypeProvider>().post(
      "/api/v1/import",
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags: ["assess"],
          summary:
            "Import a file: the group's spreadsheet (xlsx, csv), a CISO Assistant risk assessment (ciso-assessment) or risk matrix (ciso-matrix), or a TTT export (json). The body is the file's bytes; 422 import_invalid lists every problem.",
          querystring: ImportQuery,
        },
      },
      async (req, reply) => {
        const data = req.body;
        if (!Buffer.isBuffer(data) || data.length === 0)
          throw new ValidationError("body: send the file's bytes (it is empty)", [
            { path: "body", message: "empty" },
          ]);
        const outcome = await imports.import(actor(req), { ...req.query, data });
        return reply.status(outcome.applied ? 201 : 200).send(outcome);
      },
    );
    done();
  });
}
