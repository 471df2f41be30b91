import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { actor } from "../http/auth.js";
import type { RiskServices } from "./risk.services.js";
import * as S from "./risk.schema.js";

/** The Assess API. Handlers are one-liners: validation is in the schemas, logic in services. */
export function registerRiskRoutes(root: FastifyInstance, risk: RiskServices): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const A = "/api/v1/assessments/:a";
  const tags = ["assess"];
  const created = <T>(reply: { status(code: number): unknown }, value: Promise<T>) => {
    reply.status(201);
    return value;
  };

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

  app.get(
    `${A}/rows`,
    {
      schema: {
        tags,
        summary: "Rows of a version (the latest by default) with their settled scores",
        params: S.AssessmentParams,
        querystring: S.RowsQuery,
      },
    },
    (req) =>
      risk.rows.list(actor(req), req.params.a, {
        version: req.query.version,
        includeRetired: req.query.all,
      }),
  );
  app.post(
    `${A}/rows`,
    {
      schema: {
        tags,
        summary: "Add a row (generic, or threat × workflow)",
        params: S.AssessmentParams,
        body: S.AddRowBody,
      },
    },
    (req, reply) => created(reply, risk.rows.add(actor(req), req.params.a, req.body)),
  );
  app.post(
    `${A}/rows/merge`,
    {
      schema: {
        tags,
        summary: "Merge rows into a new one, keeping lineage",
        params: S.AssessmentParams,
        body: S.MergeBody,
      },
    },
    (req, reply) => created(reply, risk.rows.merge(actor(req), req.params.a, req.body)),
  );
  app.get(
    `${A}/rows/:row`,
    { schema: { tags, params: S.RowParams, querystring: S.VersionQuery } },
    (req) => risk.rows.get(actor(req), req.params.a, req.params.row, req.query.version),
  );
  app.post(
    `${A}/rows/:row/split`,
    {
      schema: {
        tags,
        summary: "Split a row into variants, keeping lineage",
        params: S.RowParams,
        body: S.SplitBody,
      },
    },
    (req, reply) =>
      created(reply, risk.rows.split(actor(req), req.params.a, req.params.row, req.body)),
  );
  app.post(
    `${A}/rows/:row/retire`,
    {
      schema: {
        tags,
        summary: "Retire a row (ids are never reused)",
        params: S.RowParams,
        body: S.RetireBody,
      },
    },
    (req) => risk.rows.retire(actor(req), req.params.a, req.params.row, req.body.reason),
  );
  app.get(
    `${A}/rows/:row/rounds`,
    {
      schema: {
        tags,
        summary: "Every round of a row",
        params: S.RowParams,
        querystring: S.VersionQuery,
      },
    },
    (req) => risk.voting.roundsOfRow(actor(req), req.params.a, req.params.row, req.query.version),
  );
  app.post(
    `${A}/rows/:row/rounds`,
    { schema: { tags, summary: "Open a voting round on a row", params: S.RowParams } },
    (req, reply) => created(reply, risk.voting.openRound(actor(req), req.params.a, req.params.row)),
  );
  app.post(
    `${A}/rows/:row/settle`,
    {
      schema: {
        tags,
        summary: "Settle a row's scores by a rule",
        params: S.RowParams,
        body: S.SettleBody,
      },
    },
    (req) => risk.settle.settle(actor(req), req.params.a, req.params.row, req.body),
  );

  app.get(
    "/api/v1/rounds/:round",
    {
      schema: {
        tags,
        summary: "A round: voter status before reveal, votes and statistics after",
        params: S.RoundParams,
      },
    },
    (req) => risk.voting.getRound(actor(req), req.params.round),
  );
  app.put(
    "/api/v1/rounds/:round/vote",
    {
      schema: {
        tags,
        summary: "Cast or change your vote (until reveal)",
        params: S.RoundParams,
        body: S.VoteBody,
      },
    },
    (req) => risk.voting.castVote(actor(req), req.params.round, req.body),
  );
  app.post(
    "/api/v1/rounds/:round/reveal",
    {
      schema: {
        tags,
        summary: "Reveal a round: closes it and computes the statistics",
        params: S.RoundParams,
      },
    },
    (req) => risk.voting.reveal(actor(req), req.params.round),
  );
}
