import { z } from "zod";
import { freeText } from "../../core/validation.js";
import { ALERT_KINDS, ALERT_STATES } from "./alert.model.js";

/** GET /api/v1/alerts and `ttt alerts`: filters, newest first. */
export const AlertsQuery = z
  .object({
    since: z
      .string()
      .trim()
      .refine(
        (s) =>
          /^\d{4}-\d{2}-\d{2}(T.*(Z|[+-]\d{2}:?\d{2}))?$/.test(s) && !Number.isNaN(Date.parse(s)),
        {
          message: "expected an ISO 8601 time with its zone, e.g. 2024-09-03T02:00:00Z, or a date",
        },
      )
      .transform((s) => new Date(Date.parse(s)).toISOString())
      .optional(),
    kind: z.enum(ALERT_KINDS).optional(),
    ban: z.string().min(1).max(100).optional(),
    site: z.string().min(1).max(255).optional(),
    state: z.enum(ALERT_STATES).optional(),
    limit: z.coerce.number().int().min(1).max(10_000).optional().default(100),
  })
  .strict();
export type AlertsQuery = z.output<typeof AlertsQuery>;

/** POST /api/v1/alerts/:id/ack and `ttt alerts ack`: why it needs no (further) action. */
export const AlertAckBody = z.object({ note: freeText(2000).optional() }).strict();

/** Alert ids are printable ASCII without spaces (`banned:<ban id>:<event id>`, `expired-token:<event id>`). */
export const AlertIdParams = z
  .object({
    id: z
      .string()
      .regex(/^[\x21-\x7e]{1,200}$/, { message: "expected an alert id such as banned:ban_…:123" }),
  })
  .strict();
