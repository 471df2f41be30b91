import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { actor } from "../http/auth.js";
import { created } from "../http/reply.js";
import type { RiskServices } from "./risk.services.js";
import * as S from "./risk.schema.js";
import { registerVotingRoutes } from "./voting.routes.js";
import { registerReportRoutes } from "./report/report.routes.js";

/** The Assess API: methodologies, assessments, versions and the catalogue; voting in voting.routes.ts. Handlers are one-liners: validation is in the schemas, logic in services. */
export function registerRiskRoutes(root: FastifyInstance, risk: RiskServices): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const A = "/api/v1/assessments/:a";
  const tags = ["assess"];

  app.get(
    "/api/v1/methodologies",
    { schema: { tags, summary: "Methodologies (scales and risk matrices)" } },
    (req) => risk.methodologies.list(actor(req)),
  );
  app.get("/api/v1/methodologies/:id", { schema: { tags, params: S.MethodologyParams } }, (req) =>
    risk.methodologies.get(actor(req), req.params.id),
  );
  app.post(
    "/api/v1/methodologies/import",
    {
      schema: {
        tags,
        summary: "Import a methodology (TTT JSON, or a CISO Assistant risk matrix in YAML/JSON)",
        body: S.ImportMethodologyBody,
      },
    },
    (req, reply) => created(reply, risk.methodologies.import(actor(req), req.body)),
  );

  app.get(
    "/api/v1/assessments",
    { schema: { tags, summary: "Assessments with their versions" } },
    (req) => risk.versions.list(actor(req)),
  );
  app.post(
    "/api/v1/assessments",
    {
      schema: {
        tags,
        summary: "Create an assessment with its first draft version",
        body: S.CreateAssessmentBody,
      },
    },
    (req, reply) => created(reply, risk.versions.create(actor(req), req.body)),
  );
  app.get(A, { schema: { tags, params: S.AssessmentParams } }, (req) =>
    risk.versions.get(actor(req), req.params.a),
  );
  app.post(
    `${A}/versions`,
    {
      schema: {
        tags,
        summary: "Start a new draft version from a frozen or released one",
        params: S.AssessmentParams,
        body: S.CreateVersionBody,
      },
    },
    (req, reply) => created(reply, risk.versions.createVersion(actor(req), req.params.a, req.body)),
  );
  app.post(
    `${A}/versions/:v/freeze`,
    {
      schema: { tags, summary: "Freeze a draft (immutable from now on)", params: S.VersionParams },
    },
    (req) => risk.versions.freeze(actor(req), req.params.a, req.params.v),
  );
  app.post(
    `${A}/versions/:v/release`,
    { schema: { tags, summary: "Release a frozen version", params: S.VersionParams } },
    (req) => risk.versions.release(actor(req), req.params.a, req.params.v),
  );
  app.get(
    `${A}/diff`,
    {
      schema: {
        tags,
        summary: "Differences between two versions",
        params: S.AssessmentParams,
        querystring: S.DiffQuery,
      },
    },
    (req) => risk.versions.diff(actor(req), req.params.a, req.query.from, req.query.to),
  );
  app.get(
    `${A}/check`,
    {
      schema: {
        tags,
        summary: "Quality checks of a version",
        params: S.AssessmentParams,
        querystring: S.VersionQuery,
      },
    },
    (req) => risk.checks.run(actor(req), req.params.a, req.query.version),
  );
  app.get(
    `${A}/catalogue`,
    {
      schema: {
        tags,
        summary: "Threats, workflows, rows and mitigations of a version",
        params: S.AssessmentParams,
        querystring: S.VersionQuery,
      },
    },
    (req) => risk.catalogue.get(actor(req), req.params.a, req.query.version),
  );
  app.put(
    `${A}/threats/:id`,
    {
      schema: {
        tags,
        summary: "Create or update a threat in the draft",
        params: S.ItemParams,
        body: S.ThreatBody,
      },
    },
    (req) => risk.catalogue.putThreat(actor(req), req.params.a, { ...req.body, id: req.params.id }),
  );
  app.put(
    `${A}/workflows/:id`,
    {
      schema: {
        tags,
        summary: "Create or update a workflow in the draft",
        params: S.ItemParams,
        body: S.WorkflowBody,
      },
    },
    (req) =>
      risk.catalogue.putWorkflow(actor(req), req.params.a, { ...req.body, id: req.params.id }),
  );
  app.get(
    `${A}/mitigations`,
    {
      schema: {
        tags,
        summary: "Mitigation tracker: rows' levels, low-hanging fruit first",
        params: S.AssessmentParams,
        querystring: S.VersionQuery,
      },
    },
    (req) => risk.catalogue.mitigations(actor(req), req.params.a, req.query.version),
  );
  app.post(
    `${A}/mitigations`,
    {
      schema: {
        tags,
        summary: "Add a mitigation",
        params: S.AssessmentParams,
        body: S.MitigationBody,
      },
    },
    (req, reply) =>
      created(reply, risk.catalogue.putMitigation(actor(req), req.params.a, req.body)),
  );
  app.put(
    `${A}/mitigations/:id`,
    {
      schema: {
        tags,
        summary: "Update a mitigation",
        params: S.ItemParams,
        body: S.MitigationBody,
      },
    },
    (req) =>
      risk.catalogue.putMitigation(actor(req), req.params.a, { ...req.body, id: req.params.id }),
  );
  app.delete(`${A}/mitigations/:id`, { schema: { tags, params: S.ItemParams } }, async (req) => {
    await risk.catalogue.deleteMitigation(actor(req), req.params.a, req.params.id);
    return { ok: true };
  });

  registerVotingRoutes(root, risk);
  registerReportRoutes(root, risk.reports);
}
