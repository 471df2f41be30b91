import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { actor } from "../http/auth.js";
import { TraceRequest } from "../trace/index.js";
import { created } from "../http/reply.js";
import {
  AffectedBody,
  ExportBody,
  CreateIncidentBody,
  IncidentListQuery,
  IncidentParams,
  MarkBody,
  NoteBody,
  PlaybookTickBody,
  StarBody,
  StateBody,
  TokenBody,
} from "./incident.schema.js";
import type { IncidentsService } from "./incidents.service.js";

/** The incident API: create, list, show, notes, state moves, procedure steps. */
export function registerIncidentRoutes(root: FastifyInstance, incidents: IncidentsService): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ["incidents"];
  app.post(
    "/api/v1/incidents",
    {
      schema: {
        tags,
        summary: "Open an incident (title, TLP, severity, discovery time…)",
        body: CreateIncidentBody,
      },
    },
    (req, reply) => created(reply, incidents.create(actor(req), req.body)),
  );
  app.get(
    "/api/v1/incidents",
    {
      schema: {
        tags,
        summary: "Incidents, newest discovered first; ?state=, ?overdue=true",
        querystring: IncidentListQuery,
      },
    },
    (req) => incidents.list(actor(req), req.query),
  );
  app.get(
    "/api/v1/incidents/:id",
    {
      schema: {
        tags,
        summary: "An incident with its procedure clock, action log and linked bans",
        params: IncidentParams,
      },
    },
    (req) => incidents.get(actor(req), req.params.id),
  );
  app.post(
    "/api/v1/incidents/:id/notes",
    {
      schema: {
        tags,
        summary: "Add a note to the action log (append-only)",
        params: IncidentParams,
        body: NoteBody,
      },
    },
    (req) => incidents.note(actor(req), req.params.id, req.body),
  );
  app.post(
    "/api/v1/incidents/:id/state",
    {
      schema: {
        tags,
        summary: "Move forward: contained, resolved, closed",
        params: IncidentParams,
        body: StateBody,
      },
    },
    (req) => incidents.setState(actor(req), req.params.id, req.body),
  );
  app.post(
    "/api/v1/incidents/:id/steps",
    {
      schema: {
        tags,
        summary: "Mark a procedure step done: reported, closure-report",
        params: IncidentParams,
        body: MarkBody,
      },
    },
    (req) => incidents.mark(actor(req), req.params.id, req.body),
  );
  app.post(
    "/api/v1/incidents/:id/traces",
    {
      schema: {
        tags,
        summary:
          "Run a trace (the body as GET /api/v1/trace's query) and save it, with its result, into the incident",
        params: IncidentParams,
        body: TraceRequest,
      },
    },
    (req, reply) => created(reply, incidents.saveTrace(actor(req), req.params.id, req.body)),
  );
  app.get(
    "/api/v1/incidents/:id/traces/:traceId",
    {
      schema: {
        tags,
        summary: "A saved trace's result as it was when saved",
        params: IncidentParams.extend({ traceId: z.string().min(1).max(100) }),
      },
    },
    (req) => incidents.traceResult(actor(req), req.params.id, req.params.traceId),
  );
  app.post(
    "/api/v1/incidents/:id/exports",
    {
      schema: {
        tags,
        summary:
          "Export the case file: md or pdf (report), csv / json / timesketch (timeline), misp (event JSON), email (heads-up text); logged in the action log",
        params: IncidentParams,
        body: ExportBody,
      },
    },
    async (req, reply) => {
      const out = await incidents.export(actor(req), req.params.id, req.body);
      return reply
        .type(out.contentType)
        .header("content-disposition", `attachment; filename="${out.fileName}"`)
        .send(out.body);
    },
  );
  app.post(
    "/api/v1/incidents/:id/tokens",
    {
      schema: {
        tags,
        summary:
          "Link a token to the case from its claims (iss, sub, jti, clientId, exp, workflow) — never the token itself",
        params: IncidentParams,
        body: TokenBody,
      },
    },
    (req) => incidents.casework.addToken(actor(req), req.params.id, req.body),
  );
  app.post(
    "/api/v1/incidents/:id/stars",
    {
      schema: {
        tags,
        summary: "Star an ingested event (its id from a trace) into the action log, with a note",
        params: IncidentParams,
        body: StarBody,
      },
    },
    (req) => incidents.casework.star(actor(req), req.params.id, req.body),
  );
  app.post(
    "/api/v1/incidents/:id/playbook",
    {
      schema: {
        tags,
        summary: "Tick a step of a linked workflow's response playbook done (into the action log)",
        params: IncidentParams,
        body: PlaybookTickBody,
      },
    },
    (req) => incidents.casework.tickPlaybook(actor(req), req.params.id, req.body),
  );
  app.put(
    "/api/v1/incidents/:id/lessons",
    {
      schema: {
        tags,
        summary: "Write the lessons learned (the report's last section; each version is logged)",
        params: IncidentParams,
        body: NoteBody,
      },
    },
    (req) => incidents.casework.setLessons(actor(req), req.params.id, req.body),
  );
  app.put(
    "/api/v1/incidents/:id/affected",
    {
      schema: {
        tags,
        summary: "Set the affected sites and identities (what changed goes into the action log)",
        params: IncidentParams,
        body: AffectedBody,
      },
    },
    (req) => incidents.casework.setAffected(actor(req), req.params.id, req.body),
  );
}
