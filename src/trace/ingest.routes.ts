import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { Transform, type Readable } from "node:stream";
import { TttError } from "../core/errors.js";
import type { Actor } from "../accounts/index.js";
import { actor } from "../http/auth.js";
import type { IngestSummary } from "./ingest/ingest.summary.js";
import { IngestQuery } from "./ingest.schema.js";
import type { IngestService } from "./ingest/ingest.service.js";
import { streamSource } from "./ingest/stream-source.js";

/** The upload, or the log it carries once decompressed, is larger than TTT_INGEST_MAX_BYTES. */
export class UploadTooLargeError extends TttError {
  constructor(limit: number, unzipped = false) {
    super(
      "payload_too_large",
      413,
      `the log is larger than ${limit} bytes${unzipped ? " once decompressed" : ""} (TTT_INGEST_MAX_BYTES): segments stored before the limit stay stored; raise the limit (or run ttt ingest where the file is) and a new upload of the same log continues after them`,
    );
  }
}

/** A 400 naming the upload for zlib's errors (a gzip body that is corrupt or cut short). */
function badGzip(filename: string, err: unknown): TttError | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !code.startsWith("Z_")) return null;
  const message = err instanceof Error ? err.message : String(err);
  return new TttError(
    "bad_upload",
    400,
    `${filename}: the upload is not readable as gzip (${code}: ${message})`,
  );
}

/** Counts bytes as they pass and fails the stream past `limit`. */
function capped(body: Readable, limit: number, unzipped = false): Readable {
  let seen = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > limit) done(new UploadTooLargeError(limit, unzipped));
      else done(null, chunk);
    },
  });
  body.on("error", (err) => cap.destroy(err));
  return body.pipe(cap);
}

/**
 * POST /api/v1/ingest?filename=…[&site=…][&host=…][&format=…]: the body is the log (plain or
 * gzip), streamed straight into the parser — never held in memory whole. The answer is the run's
 * summary. Idempotent like the CLI: the checkpoint is kept by content, so sending the same log
 * again adds nothing and a grown log only adds its new lines.
 */
export async function registerIngestRoutes(
  root: FastifyInstance,
  ingest: IngestService,
  settings: {
    maxBytes: number;
    /** `?incident=ID`: checked before the upload is read, told the summary after. */
    incident?: {
      check(actor: Actor, id: string): Promise<unknown>;
      record(actor: Actor, id: string, summary: IngestSummary): Promise<void>;
    };
  },
): Promise<void> {
  await root.register((scope, _opts, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (_req, payload, next) => {
      next(null, payload);
    });
    scope.withTypeProvider<ZodTypeProvider>().post(
      "/api/v1/ingest",
      {
        schema: {
          tags: ["trace"],
          summary:
            "Ingest one middleware log (the body: plain text or gzip; any content type). Answers the run's summary: files, lines, events, bad, alreadyIngested, byFormat, badByReason.",
          querystring: IngestQuery,
        },
      },
      async (req) => {
        const declared = Number(req.headers["content-length"] ?? NaN);
        if (declared > settings.maxBytes) throw new UploadTooLargeError(settings.maxBytes);
        const body = capped(req.body as Readable, settings.maxBytes);
        // A gzip body is limited by what it unpacks to as well: a few MB of zeros or of one
        // repeated line would otherwise become gigabytes of events.
        const unzipped = (content: Readable) => capped(content, settings.maxBytes, true);
        const q = req.query;
        if (q.incident !== undefined) await settings.incident?.check(actor(req), q.incident);
        const summary = await ingest
          .ingest(actor(req), [streamSource(q.filename, q.site ?? null, body, unzipped)], {
            format: q.format,
            host: q.host,
            timeZone: q.tz,
            final: q.final,
            reread: q.reread,
            origin: "api",
          })
          .catch((err: unknown) => {
            throw badGzip(q.filename, err) ?? err;
          });
        req.log.info(
          { runId: summary.runId, lines: summary.lines, events: summary.events, bad: summary.bad },
          "log ingested",
        );
        if (q.incident !== undefined)
          await settings.incident?.record(actor(req), q.incident, summary);
        return summary;
      },
    );
    done();
  });
}
