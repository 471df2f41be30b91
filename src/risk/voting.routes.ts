import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { actor } from "../http/auth.js";
import { created } from "../http/reply.js";
import type { RiskServices } from "./risk.services.js";
import * as S from "./risk.schema.js";

/** Rows, rounds, votes and settlement. */
export function registerVotingRoutes(root: FastifyInstance, risk: RiskServices): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const A = "/api/v1/assessments/:a";
  const tags = ["assess"];

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
  app.get(
    `${A}/rows/:row/settlements`,
    {
      schema: {
        tags,
        summary:
          "Every settlement of a row (current last), with rule, raw figures, rounding and statistics",
        params: S.RowParams,
        querystring: S.VersionQuery,
      },
    },
    (req) => risk.settle.history(actor(req), req.params.a, req.params.row, req.query.version),
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
