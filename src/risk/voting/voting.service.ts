import { authorize, type Actor } from "../../accounts/index.js";
import {
  ConflictError,
  NotFoundError,
  ValidationError,
  type FieldIssue,
} from "../../core/errors.js";
import { isOnScale } from "../methodology/grid.js";
import type { MethodologyDefinition } from "../methodology/methodology.schema.js";
import type { Confidence, Round, RoundStatistics, Version, Vote } from "../model.js";
import { presentRound, type RoundView, type VoteView, presentVote } from "../presenters.js";
import type { RiskDeps } from "../risk.context.js";
import {
  requireAssessment,
  requireDraft,
  requireMethodology,
  requireRow,
  resolveVersion,
  target,
} from "../risk.context.js";
import type { RiskRepos } from "../risk.repos.js";
import { axisStatistics } from "../scoring/statistics.js";

export interface VoteInput {
  likelihood: number;
  impact: number;
  confidence?: Confidence | undefined;
  note?: string | undefined;
}

/** Checks both values against the methodology's scales, naming each bad field. */
export function checkOnScales(
  m: MethodologyDefinition,
  input: { likelihood: number; impact: number },
): void {
  const issues: FieldIssue[] = [];
  for (const axis of ["likelihood", "impact"] as const) {
    if (!isOnScale(m, axis, input[axis])) {
      const allowed = m[axis].map((l) => l.value).join(", ");
      issues.push({
        path: axis,
        message: `${input[axis]} is not on the ${axis} scale (allowed: ${allowed})`,
      });
    }
  }
  if (issues.length > 0)
    throw new ValidationError(issues.map((i) => `${i.path}: ${i.message}`).join("; "), issues);
}

/**
 * Hidden voting. Nobody — facilitator and admin included — can read a vote before reveal; the
 * audit log records that a vote was cast, never its values, until the reveal publishes them.
 */
export class VotingService {
  constructor(private readonly deps: RiskDeps) {}

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  async openRound(actor: Actor, assessmentId: string, rowId: string): Promise<RoundView> {
    authorize(actor, "round:open", `assessment:${assessmentId}`);
    return this.deps.tx.write(async (repos) => {
      const a = await requireAssessment(repos, assessmentId);
      const v = await resolveVersion(repos, a);
      requireDraft(v);
      const row = await requireRow(repos, v, rowId);
      if (row.status !== "active") {
        throw new ConflictError(
          "row_retired",
          `row ${rowId} is retired${row.successors.length ? ` (replaced by ${row.successors.join(", ")})` : ""}; vote on an active row`,
        );
      }
      const rounds = await repos.voting.roundsOfRow(v.id, rowId);
      const open = rounds.find((r) => r.state === "open");
      if (open)
        throw new ConflictError(
          "round_already_open",
          `round ${open.number} on row ${rowId} is still open (${open.id}); reveal it first`,
        );
      const round: Round = {
        id: this.deps.ids.id("rnd"),
        versionId: v.id,
        rowId,
        number: (rounds.at(-1)?.number ?? 0) + 1,
        state: "open",
        openedBy: actor.name,
        openedAt: this.now(),
        revealedBy: null,
        revealedAt: null,
        stats: null,
      };
      await repos.voting.insertRound(round);
      await repos.audit.append({
        at: round.openedAt,
        actor: actor.name,
        action: "round.open",
        target: target(a, v, `row:${rowId}`),
        after: { round: round.id, number: round.number },
      });
      return presentRound(round, { assessment: a.id, version: v.label }, [], undefined, null);
    });
  }

  /** Casts or changes the caller's vote; stored before it is acknowledged. */
  async castVote(actor: Actor, roundId: string, input: VoteInput): Promise<VoteView> {
    authorize(actor, "vote:cast", `round:${roundId}`);
    return this.deps.tx.write(async (repos) => {
      const { round, a, v, m } = await this.loadRound(repos, roundId);
      if (round.state !== "open")
        throw new ConflictError(
          "round_closed",
          `round ${round.number} on row ${round.rowId} was revealed at ${round.revealedAt ?? "?"}; votes are closed — ask the facilitator for a re-vote`,
        );
      requireDraft(v);
      checkOnScales(m, input);
      const previous = await repos.voting.getVote(round.id, actor.userId);
      const now = this.now();
      const vote: Vote = {
        roundId: round.id,
        userId: actor.userId,
        voter: actor.name,
        likelihood: input.likelihood,
        impact: input.impact,
        confidence: input.confidence ?? null,
        note: input.note ?? null,
        castAt: previous?.castAt ?? now,
        updatedAt: now,
      };
      await repos.voting.upsertVote(vote);
      await repos.audit.append({
        at: now,
        actor: actor.name,
        action: previous ? "vote.change" : "vote.cast",
        target: target(a, v, `row:${round.rowId}/round:${round.number}`),
        after: {
          round: round.id,
          voter: actor.name,
          credential: actor.ownCredential ? "own" : `delegated (${actor.via})`,
        },
      });
      return presentVote(vote);
    });
  }

  async reveal(actor: Actor, roundId: string): Promise<RoundView> {
    authorize(actor, "round:reveal", `round:${roundId}`);
    return this.deps.tx.write(async (repos) => {
      const { round, a, v } = await this.loadRound(repos, roundId);
      if (round.state !== "open")
        throw new ConflictError(
          "round_closed",
          `round ${round.number} on row ${round.rowId} was already revealed at ${round.revealedAt ?? "?"}`,
        );
      const votes = await repos.voting.votesOfRound(round.id);
      if (votes.length === 0)
        throw new ConflictError(
          "no_votes",
          `round ${round.number} on row ${round.rowId} has no votes yet; nothing to reveal`,
        );
      const stats: RoundStatistics = {
        likelihood: axisStatistics(votes.map((x) => x.likelihood)),
        impact: axisStatistics(votes.map((x) => x.impact)),
      };
      const at = this.now();
      if (!(await repos.voting.markRevealed(round.id, actor.name, at, stats))) {
        throw new ConflictError("round_closed", `round ${round.id} was revealed concurrently`);
      }
      const revealed: Round = {
        ...round,
        state: "revealed",
        revealedBy: actor.name,
        revealedAt: at,
        stats,
      };
      await repos.audit.append({
        at,
        actor: actor.name,
        action: "round.reveal",
        target: target(a, v, `row:${round.rowId}/round:${round.number}`),
        after: { round: round.id, votes: votes.map(presentVote), stats },
      });
      const voters = votes.map((x) => ({
        voter: x.voter,
        castAt: x.castAt,
        updatedAt: x.updatedAt,
      }));
      return presentRound(
        revealed,
        { assessment: a.id, version: v.label },
        voters,
        votes.find((x) => x.userId === actor.userId),
        votes,
      );
    });
  }

  async getRound(actor: Actor, roundId: string): Promise<RoundView> {
    authorize(actor, "assessment:read", `round:${roundId}`);
    return this.deps.tx.read(async (repos) => {
      const { round, a, v } = await this.loadRound(repos, roundId);
      const voters = await repos.voting.votersOfRound(round.id);
      const mine = await this.ownVote(repos, actor, round.id);
      const votes = round.state === "revealed" ? await repos.voting.votesOfRound(round.id) : null;
      return presentRound(
        round,
        { assessment: a.id, version: v.label },
        voters.map(({ voter, castAt, updatedAt }) => ({ voter, castAt, updatedAt })),
        mine,
        votes,
      );
    });
  }

  /** Every round of a row in a version, revealed ones with their votes. */
  async roundsOfRow(
    actor: Actor,
    assessmentId: string,
    rowId: string,
    label?: string,
  ): Promise<RoundView[]> {
    authorize(actor, "assessment:read", `assessment:${assessmentId}`);
    return this.deps.tx.read(async (repos) => {
      const a = await requireAssessment(repos, assessmentId);
      const v = await resolveVersion(repos, a, label);
      await requireRow(repos, v, rowId);
      const rounds = await repos.voting.roundsOfRow(v.id, rowId);
      const views: RoundView[] = [];
      for (const r of rounds) {
        const voters = await repos.voting.votersOfRound(r.id);
        const mine = await this.ownVote(repos, actor, r.id);
        const votes = r.state === "revealed" ? await repos.voting.votesOfRound(r.id) : null;
        views.push(
          presentRound(
            r,
            { assessment: a.id, version: v.label },
            voters.map(({ voter, castAt, updatedAt }) => ({ voter, castAt, updatedAt })),
            mine,
            votes,
          ),
        );
      }
      return views;
    });
  }

  /**
   * The caller's own vote before reveal — only over a credential that is really theirs. A token an
   * admin minted for a voter, or the local CLI acting `--as` them, must not become a way to read
   * a hidden vote.
   */
  private async ownVote(
    repos: RiskRepos,
    actor: Actor,
    roundId: string,
  ): Promise<Vote | undefined> {
    return actor.ownCredential ? repos.voting.getVote(roundId, actor.userId) : undefined;
  }

  private async loadRound(repos: RiskRepos, roundId: string) {
    const round = await repos.voting.getRound(roundId);
    if (!round) throw new NotFoundError("round", roundId);
    const v: Version | undefined = await repos.assessments.getVersionById(round.versionId);
    if (!v) throw new NotFoundError("version", round.versionId);
    const a = await requireAssessment(repos, v.assessmentId);
    const m = await requireMethodology(repos, a.methodologyId);
    return { round, a, v, m };
  }
}
