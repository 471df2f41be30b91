import { z } from "zod";
import { freeText } from "../core/validation.js";
import { INCIDENT_EXPORT_FORMATS } from "./export/export-data.js";
import { INCIDENT_STATES, SEVERITIES, TLPS } from "./incident.model.js";

const Line = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { message: "must be one line of text" });

/** An ISO 8601 time with its zone; impossible dates (Feb 30) are refused, not rolled over. */
const IsoTime = z.iso
  .datetime({ offset: true })
  .transform((s) => new Date(Date.parse(s)).toISOString());

const Sites = z.array(Line(255)).max(500);
const Identities = z.array(z.object({ iss: Line(2048), sub: Line(1024) }).strict()).max(1000);

/** POST /api/v1/incidents, `ttt incidents create`. */
export const CreateIncidentBody = z
  .object({
    title: Line(200),
    tlp: z.enum(TLPS),
    severity: z.enum(SEVERITIES).optional().default("medium"),
    summary: z.string().trim().min(1).max(20_000).optional(),
    discoveredAt: IsoTime.optional(),
    affectedSites: Sites.optional().default([]),
    affectedIdentities: Identities.optional().default([]),
  })
  .strict();
export type CreateIncidentInput = z.output<typeof CreateIncidentBody>;

/**
 * A manual note for the action log, or the lessons learned (PUT …/lessons). Multi-line text is
 * allowed; control characters are not.
 */
export const NoteBody = z
  .object({
    text: freeText(20_000).pipe(z.string().min(1)),
  })
  .strict();

export const StateBody = z
  .object({ state: z.enum(INCIDENT_STATES).exclude(["open"]), note: Line(2000).optional() })
  .strict();

/** The procedure's reporting steps a responder marks done. */
export const MarkBody = z.object({ step: z.enum(["reported", "closure-report"]) }).strict();

export const IncidentListQuery = z
  .object({
    state: z.enum(INCIDENT_STATES).optional(),
    overdue: z.enum(["true", "false"]).optional(),
  })
  .strict();

export const IncidentParams = z.object({ id: z.string().min(1).max(100) }).strict();

/** POST /api/v1/incidents/:id/exports, `ttt incidents export`. */
export const ExportBody = z.object({ format: z.enum(INCIDENT_EXPORT_FORMATS) }).strict();

/**
 * POST /api/v1/incidents/:id/tokens: a token's facts from its claims (the inspector sends them
 * after inspecting; the token itself never leaves the browser page for this).
 */
export const TokenBody = z
  .object({
    iss: Line(2048),
    sub: Line(1024).optional(),
    jti: Line(1024).optional(),
    clientId: Line(1024).optional(),
    exp: z.number().int().min(0).max(253_402_300_799).optional(),
    workflow: Line(200).optional(),
  })
  .strict()
  .refine((t) => t.sub !== undefined || t.jti !== undefined || t.clientId !== undefined, {
    message: "a token needs at least one of sub, jti, clientId",
    path: ["sub"],
  });

/** POST /api/v1/incidents/:id/stars: an ingested event starred into the case, with a note. */
export const StarBody = z
  .object({
    eventId: z.number().int().min(1),
    note: Line(2000).optional(),
  })
  .strict();

/** POST /api/v1/incidents/:id/playbook: a playbook step of a linked workflow done. */
export const PlaybookTickBody = z
  .object({ workflow: Line(200), step: z.number().int().min(1).max(100) })
  .strict();

/** PUT /api/v1/incidents/:id/affected: the affected sites and identities as they now stand. */
export const AffectedBody = z
  .object({ affectedSites: Sites, affectedIdentities: Identities })
  .strict();
