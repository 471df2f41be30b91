import { z } from "zod";
import { TRACE_FORMATS } from "./formats/trace-formats.js";
import { TRACE_BY } from "./trace-result.js";

const ISO = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;
const TIME_HINT = "expected an ISO 8601 time with its zone, e.g. 2024-09-03T02:00:00Z, or a date";

/**
 * An ISO 8601 time with an explicit zone (a bare date is UTC midnight), so the same flags mean
 * the same window on every machine; impossible dates (02-30) are refused, not rolled over. Epoch
 * ms pass through: the route parses the query and the service parses again.
 */
const Time = z.unknown().transform((v, ctx) => {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  const m = typeof v === "string" ? ISO.exec(v.trim()) : null;
  const ms = m === null ? NaN : Date.parse(m[0]);
  const day = m === null ? null : new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  if (
    m === null ||
    Number.isNaN(ms) ||
    day?.getUTCDate() !== +m[3]! ||
    day.getUTCMonth() !== +m[2]! - 1
  ) {
    ctx.addIssue({ code: "custom", message: TIME_HINT });
    return z.NEVER;
  }
  return ms;
});

const Flag = z
  .union([z.boolean(), z.enum(["true", "false", "1", "0"])])
  .transform((v) => v === true || v === "true" || v === "1");

/** Longest value a trace looks up (jti, sub, client id, path, address). */
export const MAX_TRACE_VALUE = 4096;

/**
 * A trace request, the same from the CLI flags and GET /api/v1/trace's query:
 * `by` + `value` (+ `iss`), `withDerived`, `from`/`to` (ISO), `site`, `limit`, `format`.
 */
export const TraceRequest = z
  .object({
    by: z.enum(TRACE_BY),
    value: z.string().min(1).max(MAX_TRACE_VALUE),
    iss: z.string().min(1).max(2048).optional(),
    withDerived: Flag.optional().default(false),
    from: Time.optional(),
    to: Time.optional(),
    site: z.string().min(1).max(255).optional(),
    limit: z.coerce.number().int().min(1).max(100_000).optional().default(10_000),
    format: z.enum(TRACE_FORMATS).optional(),
  })
  .strict()
  .refine((r) => r.from === undefined || r.to === undefined || r.from <= r.to, {
    message: "from must not be after to",
    path: ["from"],
  });
export type TraceRequest = z.output<typeof TraceRequest>;
