import { z } from "zod";
import { LOG_FORMATS } from "./parsers/parser.js";
import { isTimeZone } from "./ingest/time-zone.js";

/** A site or host name as recorded on events: printable, no spaces, bounded. */
const Name = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:@-]+$/, "letters, digits and . _ : @ - only");

/** The zone of logs that write times without a UTC offset (ingest/time-zone.ts). */
const Zone = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, "an IANA time zone such as Europe/Zurich, or an offset such as +01:00")
  .describe(
    "the zone the logs' offset-less times are in (default: the zone last given for the file or, for a new file, for the latest of its format, site and directory; else UTC)",
  );

/** A yes/no query parameter: `true` or `false` (absent: false). */
const queryFlag = (what: string) =>
  z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true")
    .describe(what);

/** The query of POST /api/v1/ingest (the body is the log itself). */
export const IngestQuery = z
  .object({
    filename: z
      .string()
      .min(1)
      .max(1024)
      // eslint-disable-next-line no-control-regex -- control characters are what is refused
      .refine((s) => !/[\u0000-\u001f]/.test(s), "no control characters")
      .describe("the log's file name at the site: its checkpoint is kept under this name"),
    site: Name.optional(),
    host: Name.optional(),
    format: z.enum(LOG_FORMATS).optional().describe("skip detection: read the log as this format"),
    tz: Zone.optional(),
    final: queryFlag(
      "true: the log will not grow (a rotated or archived file), so a last line without a newline is read too",
    ),
    reread: queryFlag(
      "true: delete what earlier uploads of this log stored and read it again from its start (admin, responder)",
    ),
    incident: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe("record the run in this incident's action log"),
  })
  .strict();
export type IngestQuery = z.infer<typeof IngestQuery>;

/** `ttt ingest` flags. `--site auto` takes each file's site from the first directory below PATH. */
export const IngestFlags = z
  .object({
    site: z.union([z.literal("auto"), Name]).optional(),
    host: Name.optional(),
    format: z.enum(LOG_FORMATS).optional(),
    tz: Zone.optional(),
    final: z.boolean().optional(),
    reread: z.boolean().optional(),
    incident: z.string().min(1).max(100).optional(),
    /** Parse workers of a local ingest (ingest.service.ts, IngestOptions.workers). */
    workers: z
      .string()
      .regex(/^[1-8]$/, "a whole number from 1 to 8")
      .transform(Number)
      .optional(),
  })
  .strict();
export type IngestFlags = z.infer<typeof IngestFlags>;
