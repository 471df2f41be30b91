/**
 * Which assessment workflow a token most likely belongs to, so an inspected token can be shown
 * with the risk rows of its workflow (4a … 4f). This is a guess and says so: it compares five
 * aspects of the token (workflow-traits.ts) with what each workflow's description states, adds
 * up weighted agreements and disagreements, and returns the candidates with every reason.
 *
 * Heuristics (weights: who holds it 3, storage/compute activity 2, lifetime 2, exchange/refresh
 * 2, scope breadth 1 — holder first because it is what most separates the working group's
 * workflows; breadth last because it is the least stated):
 * - agreement scores +weight, disagreement −weight;
 * - a workflow that allows either ("grid jobs", "may be broad; some … very narrow") scores half;
 * - an aspect the workflow does not state, or the token does not show, scores 0;
 * - a workflow built on token exchange loses 1 when the token has no `act` claim (weak evidence:
 *   not every issuer records the actor).
 * Score = points / 10 (the sum of weights), in −1 … 1. Ties keep the catalogue's order, so the
 * result is deterministic. Pure.
 */
import type { JwtClaims } from "./jwt-decode.js";
import {
  expectWorkflow,
  observeToken,
  type Observed,
  type TokenObservation,
  type WorkflowDescriptor,
  type WorkflowExpectation,
} from "./workflow-traits.js";

export type { WorkflowDescriptor } from "./workflow-traits.js";

export type Aspect = "holder" | "activity" | "lifetime" | "renewal" | "breadth";

const WEIGHTS: Readonly<Record<Aspect, number>> = {
  holder: 3,
  activity: 2,
  lifetime: 2,
  renewal: 2,
  breadth: 1,
};
const TOTAL = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);

export interface GuessReason {
  aspect: Aspect;
  points: number;
  text: string;
}

export interface WorkflowCandidate {
  workflowId: string;
  name: string;
  /** −1 … 1: the share of all weighted aspects that agree, minus the share that disagree. */
  score: number;
  reasons: GuessReason[];
}

export interface WorkflowGuess {
  /** The top candidate when it scores above 0, else null (nothing fits better than chance). */
  best: WorkflowCandidate | null;
  /** True when the runner-up is within 0.1 of the best: show both, decide by hand. */
  ambiguous: boolean;
  candidates: WorkflowCandidate[];
  observed: TokenObservation;
  caveat: string;
}

const CAVEAT =
  "A guess from the token's claims against the workflows' descriptions, not a certainty: " +
  "check the reasons, and the issuer's client registrations, before acting on it.";

export function guessWorkflow(
  claims: JwtClaims,
  workflows: readonly WorkflowDescriptor[],
  options: { limit?: number } = {},
): WorkflowGuess {
  const observed = observeToken(claims);
  const scored = workflows.map((w, index) => ({ index, candidate: score(w, observed) }));
  scored.sort((a, b) => b.candidate.score - a.candidate.score || a.index - b.index);
  const candidates = scored.slice(0, options.limit ?? 3).map((s) => s.candidate);
  const [first, second] = candidates;
  const best = first !== undefined && first.score > 0 ? first : null;
  const ambiguous = best !== null && second !== undefined && best.score - second.score < 0.1 - 1e-9;
  return { best, ambiguous, candidates, observed, caveat: CAVEAT };
}

function score(w: WorkflowDescriptor, o: TokenObservation): WorkflowCandidate {
  const e = expectWorkflow(w);
  const reasons: GuessReason[] = (Object.keys(WEIGHTS) as Aspect[]).map((aspect) =>
    compare(aspect, e, o),
  );
  const points = reasons.reduce((sum, r) => sum + r.points, 0);
  return {
    workflowId: w.id,
    name: w.name,
    score: Math.round((points / TOTAL) * 100) / 100,
    reasons,
  };
}

type Verdict = "match" | "half" | "mismatch" | "neutral";

function compare(aspect: Aspect, e: WorkflowExpectation, o: TokenObservation): GuessReason {
  const expected = e[aspect];
  const seen: Observed<string> = o[aspect];
  const weight = WEIGHTS[aspect];
  if (expected === null) {
    return {
      aspect,
      points: 0,
      text: `${aspect}: not stated for this workflow (token: ${seen.evidence})`,
    };
  }
  if (seen.value === null) {
    const penalty = aspect === "renewal" && expected === "exchange" ? -1 : 0;
    return {
      aspect,
      points: penalty,
      text: `${aspect}: ${seen.evidence}; workflow expects ${expected}`,
    };
  }
  const verdict = judge(aspect, expected, seen.value);
  const points =
    verdict === "match"
      ? weight
      : verdict === "half"
        ? weight / 2
        : verdict === "mismatch"
          ? -weight
          : 0;
  const word = {
    match: "fits",
    half: "partly fits",
    mismatch: "contradicts",
    neutral: "says little about",
  }[verdict];
  return { aspect, points, text: `${aspect}: ${seen.evidence} ${word} the workflow's ${expected}` };
}

/** How an observed value relates to an expected one; only the non-obvious pairs are listed. */
function judge(aspect: Aspect, expected: string, seen: string): Verdict {
  if (expected === "either") return "half";
  if (expected === seen) return "match";
  switch (aspect) {
    case "activity":
      // A submission token may also read inputs; a storage workflow with compute scopes is odd but not impossible.
      if (seen === "both") return expected === "compute" ? "match" : "neutral";
      return "mismatch";
    case "renewal":
      return "half"; // exchanged and refreshed tokens travel together (workflow b does both)
    case "holder":
      // A generic service client may be FTS or a job framework under another name.
      return seen === "service" || expected === "service" ? "neutral" : "mismatch";
    case "lifetime":
    case "breadth":
      return "mismatch";
  }
}
