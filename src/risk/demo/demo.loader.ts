/**
 * Loads the example assessment ("ttt demo", and on the first start of an empty store) by
 * replaying it through the real services, as the people in it would: the facilitator builds the
 * catalogue, opens, reveals and settles rounds; each voter casts their own hidden votes. Going
 * through the services (never the tables) means the example carries the same audit trail,
 * statistics and settlement records as real work, and cannot drift from what the services allow.
 */
import type { Actor } from "../../accounts/index.js";
import type { AppContext } from "../../app/context.js";
import { ConflictError, NotFoundError } from "../../core/errors.js";
import { EXAMPLE_DATA, type ExampleAccount, type ExampleRowScript } from "./example-data.js";

export interface LoadExampleResult {
  /** False when the example assessment already existed; nothing was changed then. */
  created: boolean;
  assessment: string;
}

/** Everyone the script acts as, resolved once. */
interface Cast {
  facilitator: Actor;
  voters: ReadonlyMap<string, Actor>;
}

/**
 * Idempotent so it can run on every start: an existing example assessment (even one the users
 * have since edited) is left alone. Voter accounts are created without a password, so they
 * cannot log in; they only exist so that every vote has its own voter.
 */
export async function loadExample(ctx: AppContext, admin: Actor): Promise<LoadExampleResult> {
  const data = EXAMPLE_DATA;
  const id = data.assessment.id;
  const done = { created: false, assessment: id };
  if (await assessmentExists(ctx, admin, id)) return done;
  await ensureMethodology(ctx, admin, data.assessment.methodology);
  const cast = await ensureAccounts(ctx, admin);
  const fac = cast.facilitator;
  try {
    await ctx.risk.versions.create(fac, { ...data.assessment, illustrative: true });
  } catch (err) {
    // Another instance on the same PostgreSQL store won the race: theirs is the example.
    if (err instanceof ConflictError && err.code === "assessment_exists") return done;
    throw err;
  }

  for (const w of data.workflows) await ctx.risk.catalogue.putWorkflow(fac, id, w);
  for (const t of data.threats) await ctx.risk.catalogue.putThreat(fac, id, t);
  for (const r of data.rows) await ctx.risk.rows.add(fac, id, r);
  for (const m of data.first.mitigations) await ctx.risk.catalogue.putMitigation(fac, id, m);
  await playScript(ctx, cast, id, data.first.script);
  await ctx.risk.versions.freeze(fac, id, data.assessment.firstVersion);

  const next = data.followUp;
  await ctx.risk.versions.createVersion(fac, id, {
    label: next.label,
    from: data.assessment.firstVersion,
    notes: next.notes,
  });
  for (const s of next.splits) {
    await ctx.risk.rows.split(fac, id, s.row, { into: [...s.into], reason: s.reason });
  }
  await playScript(ctx, cast, id, next.script);
  for (const t of next.threatUpdates) await ctx.risk.catalogue.putThreat(fac, id, t);
  for (const m of next.mitigations) await ctx.risk.catalogue.putMitigation(fac, id, m);
  return { created: true, assessment: id };
}

async function assessmentExists(ctx: AppContext, admin: Actor, id: string): Promise<boolean> {
  try {
    await ctx.risk.versions.get(admin, id);
    return true;
  } catch (err) {
    if (err instanceof NotFoundError) return false;
    throw err;
  }
}

/** A store nobody has started a server on yet may lack the built-in methodologies. */
async function ensureMethodology(ctx: AppContext, admin: Actor, id: string): Promise<void> {
  const installed = await ctx.risk.methodologies.list(admin);
  if (!installed.some((m) => m.id === id)) await ctx.risk.methodologies.installBuiltins();
}

async function ensureAccounts(ctx: AppContext, admin: Actor): Promise<Cast> {
  const existing = new Set((await ctx.accounts.listUsers(admin)).map((u) => u.name));
  const add = async (a: ExampleAccount): Promise<Actor> => {
    if (!existing.has(a.name)) {
      try {
        await ctx.accounts.addUser(admin, {
          name: a.name,
          role: a.role,
          displayName: a.displayName,
        });
      } catch (err) {
        if (!(err instanceof ConflictError && err.code === "user_exists")) throw err;
      }
    }
    return ctx.accounts.localActor(a.name);
  };
  const facilitator = await add(EXAMPLE_DATA.facilitator);
  const voters = new Map<string, Actor>();
  for (const v of EXAMPLE_DATA.voters) voters.set(v.name, await add(v));
  return { facilitator, voters };
}

/** Each row: every round opened, voted by each voter, revealed; then the row settled. */
async function playScript(
  ctx: AppContext,
  cast: Cast,
  assessment: string,
  script: readonly ExampleRowScript[],
): Promise<void> {
  const { voting, settle } = ctx.risk;
  for (const step of script) {
    for (const r of step.rounds) {
      const round = await voting.openRound(cast.facilitator, assessment, step.row);
      for (const v of r.votes) {
        const voter = cast.voters.get(v.voter);
        if (voter === undefined)
          throw new Error(`example data: unknown voter '${v.voter}' on row ${step.row}`);
        await voting.castVote(voter, round.id, {
          likelihood: v.likelihood,
          impact: v.impact,
          confidence: v.confidence,
          note: v.note,
        });
      }
      await voting.reveal(cast.facilitator, round.id);
    }
    await settle.settle(cast.facilitator, assessment, step.row, step.settle);
  }
}
