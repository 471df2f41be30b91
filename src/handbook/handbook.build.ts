import type { BanKind } from "../bans/index.js";
import { expectWorkflow, type WorkflowExpectation } from "../tokens/index.js";
import type { Handbook, HandbookPage, HandbookRow, Hop, PlaybookStep } from "./handbook.model.js";
import { hop, isMiddleware } from "./hop-facts.js";

/**
 * Builds the workflow handbook (issue 9) from what is already known: the workflows' free text
 * (read by expectWorkflow), the middleware log facts, the bans' enforceability table and the
 * assessment's risk rows. Pure, so the same handbook comes out of the API, the CLI and tests; the
 * playbook is derived from the hops rather than written per workflow, so it stays true when the
 * enforceability table or the catalogue changes.
 */

/** A catalogue workflow as far as the handbook needs it (WorkflowDescriptor + description). */
export interface WorkflowInputLike {
  id: string;
  name: string;
  /** Absent when the source carries only the descriptor: the page shows an empty description. */
  description?: string;
  lifetime: string;
  scopeBreadth: string;
  refreshExchange: string;
  holder: string;
  retired?: boolean;
}

/** The fields of the risk domain's RowView the handbook reads. */
export interface RowLike {
  id: string;
  threat: { title: string };
  variant: string | null;
  workflow: { id: string } | null;
  status: string;
  score: { level: string; levelLabel: string; likelihood: number; impact: number } | null;
}

export interface HandbookInput {
  assessment: { id: string; title: string; version: string; state: string } | null;
  note: string | null;
  workflows: readonly WorkflowInputLike[];
  rows: readonly RowLike[];
}

export function buildHandbook(input: HandbookInput): Handbook {
  const pages = input.workflows
    .filter((w) => w.retired !== true)
    .map((w) => buildPage(w, input.rows));
  const assessment = input.assessment === null ? null : { ...input.assessment };
  return { assessment, note: input.note, pages };
}

function buildPage(w: WorkflowInputLike, rows: readonly RowLike[]): HandbookPage {
  const expectation = expectWorkflow(w);
  const hops = hopsOf(expectation);
  const { id, name, lifetime, scopeBreadth, refreshExchange, holder } = w;
  const description = w.description ?? "";
  return {
    workflow: { id, name, description, lifetime, scopeBreadth, refreshExchange, holder },
    hops,
    traceability: traceabilityOf(hops),
    rows: rowsOf(w.id, rows),
    playbook: playbookOf(hops, expectation, w.id),
  };
}

const STORAGE = ["dcache", "storm", "xrootd", "eos"] as const;
const CE = ["condor", "arc"] as const;

/** The components a token of the workflow crosses, with what it does at each. */
export function hopsOf(e: WorkflowExpectation): Hop[] {
  const renews = e.renewal === null ? "" : "; refreshes or exchanges it on request";
  const storage = (role: string) => STORAGE.map((c) => hop(c, role));
  const ces = CE.map((c) => hop(c, "CE: job submission"));
  switch (e.holder) {
    case "fts":
      return [
        hop("iam", "issues the token; exchanges it for FTS and refreshes FTS's copy"),
        hop("fts", "exchanges, refreshes and presents the token for transfers"),
        ...storage("source or destination of transfers"),
      ];
    case "job":
      return [
        hop("iam", `issues the token${renews}`),
        ...ces,
        hop("worker", "the job runs with the token"),
        ...storage("storage the job reads and writes"),
      ];
    case "user": // the CEs too unless the workflow only manages data
      return [
        hop("iam", `issues the token${renews}`),
        ...storage("stores the user's files"),
        ...(e.activity === "storage" ? [] : ces),
      ];
    case "service":
    case null:
      return [hop("iam", `issues the token${renews}`), ...storage("stores files")];
  }
}

const share = (n: number, total: number) => (total === 0 ? 0 : Math.round((n / total) * 100) / 100);

/** Shares of hops by how far their logs identify a token, and the sentence saying so. */
export function traceabilityOf(hops: readonly Hop[]): HandbookPage["traceability"] {
  const count = (t: Hop["traceable"]) => hops.filter((h) => h.traceable === t).length;
  const [jti, subject, none, n] = [count("jti"), count("subject"), count("none"), hops.length];
  return {
    jti: share(jti, n),
    subject: share(subject, n),
    none: share(none, n),
    summary: `${jti} of ${n} hops trace the token by jti, ${subject} by subject only, ${none} not at all`,
  };
}

const product = (r: RowLike) => (r.score === null ? -1 : r.score.likelihood * r.score.impact);

/** The workflow's active rows, highest likelihood × impact first, unscored last. */
function rowsOf(workflowId: string, rows: readonly RowLike[]): HandbookRow[] {
  return rows
    .filter((r) => r.workflow?.id === workflowId && r.status === "active")
    .map((r, i) => ({ r, i }))
    .sort((a, b) => product(b.r) - product(a.r) || a.i - b.i)
    .map(({ r }) => ({
      id: r.id,
      threat: r.threat.title,
      variant: r.variant,
      score:
        r.score === null
          ? null
          : { level: r.score.levelLabel, likelihood: r.score.likelihood, impact: r.score.impact },
    }));
}

const enforcing = (hops: readonly Hop[], kind: BanKind, yes: boolean) =>
  hops.filter((h) => h.bans !== null && (h.bans[kind]?.level !== "none") === yes);
const names = (hops: readonly Hop[]) => hops.map((h) => h.component).join(", ");
const tagged = (hops: readonly Hop[], kind: BanKind) =>
  hops.map((h) => `${h.component} (${h.bans?.[kind]?.level ?? "none"})`).join(", ");

/** The response to a leaked token of this workflow, in order, from its hops and traits. */
export function playbookOf(
  hops: readonly Hop[],
  e: WorkflowExpectation,
  workflowId: string,
): PlaybookStep[] {
  const why = (what = "leaked token") =>
    `--reason "${what} (workflow ${workflowId})" --incident <incident>`;
  const byJti = enforcing(hops, "token", true);
  const noJti = enforcing(hops, "token", false);
  const banToken =
    byJti.length === 0 ? [] : [`ttt ban token --iss <iss> --jti <jti> --token-exp <exp> ${why()}`];
  const banSubject = noJti.length === 0 ? [] : [`ttt ban subject --iss <iss> --sub <sub> ${why()}`];
  const renews = e.renewal !== null || e.holder === "fts";
  const subjectOnly = hops.filter((h) => h.traceable === "subject");
  const formats = hops.filter((h) => isMiddleware(h.component)).map((h) => h.component);
  const steps: Omit<PlaybookStep, "n">[] = [
    {
      action: "Contain at the sites: ban the token where jti is enforced, the identity elsewhere",
      detail:
        `Token ban (iss + jti) at: ${tagged(byJti, "token") || "no hop of this workflow"}. ` +
        `Identity ban (iss + sub) for the hops that cannot enforce jti: ${tagged(noJti, "identity") || "none"}; ` +
        "it denies every token of the identity there.",
      command: [...banToken, ...banSubject].join(" && "),
    },
  ];
  if (renews) {
    steps.push({
      action: "Ask the issuer to revoke the identity's refresh tokens",
      detail:
        "A refresh token mints new access tokens with new jtis that the token ban does not cover. " +
        "Ask the issuer's administrators (IAM: the account's tokens) to revoke its refresh tokens, " +
        "and to suspend the account if the credential itself leaked.",
      command: null,
    });
  }
  if (e.holder === "fts") {
    steps.push({
      action: "Ask the FTS operators to drop the stored token",
      detail:
        "FTS keeps, refreshes and exchanges the submitted token: have it removed with fts-rest-ban " +
        "--user <sub> or from the FTS token table, and trace the exchanged tokens with --with-derived " +
        "(FTS's token_id links them).",
      command: null,
    });
  }
  steps.push({
    action: "Keep the site bans until the newest affected token's exp + 1 h",
    detail:
      "Access tokens cannot be revoked: offline validators accept them until exp (--token-exp " +
      "sets the token ban's end to exp + 1 h). " +
      (e.lifetime === "long"
        ? "For this long-lived workflow the bound is the refresh token's expiry unless the issuer revoked it."
        : renews
          ? "New tokens keep coming until the refresh tokens are revoked: count from the last one issued."
          : "Keep the identity ban as long as the identity is not cleared."),
    command: null,
  });
  const subTrace =
    "ttt trace sub --iss <iss> --sub <sub> --from <t0> --to <t1> --incident <incident>";
  steps.push({
    action: "Trace what the token and the tokens derived from it touched",
    detail:
      `By jti (proven) at: ${names(hops.filter((h) => h.traceable === "jti")) || "no hop"}. ` +
      (subjectOnly.length > 0
        ? `By subject only (candidates, iss + sub in a time window) at: ${names(subjectOnly)}.`
        : "No hop is traceable by subject only."),
    command: [
      "ttt trace jti --iss <iss> --jti <jti> --with-derived --incident <incident>",
      ...(subjectOnly.length > 0 ? [subTrace] : []),
    ].join(" && "),
  });
  if (e.holder === "fts" || e.holder === "service") {
    const at = names(enforcing(hops, "client", true));
    steps.push({
      action: "If the client itself leaked, ban it and disable it at the issuer",
      detail:
        "A leaked client secret outlives every token ban. " +
        (at === ""
          ? "No hop of this workflow can enforce a client ban: disable the client at the issuer (IAM)."
          : `Client bans are enforced at: ${at}; elsewhere disable the client at the issuer (IAM).`),
      command: `ttt ban client --iss <iss> --client <client_id> ${why("leaked client")}`,
    });
  }
  steps.push(
    {
      action: "Make sure every site has the bans",
      detail:
        "The ban feed delivers them to the sites that run `ttt agent`, which writes their ban files; " +
        `for other sites export the files of this workflow's middleware: ${formats.join(", ")} ` +
        "(per-format options in docs/ban-files.md).",
      command: `for f in ${formats.join(" ")}; do ttt bans export --format "$f" -o "ban.$f"; done`,
    },
    {
      action: "Watch for uses after the ban",
      detail:
        "Ingest raises an alert for every event a ban covered at its time and for tokens used after exp: " +
        "an alert means a site did not, or not yet, enforce the ban.",
      command: "ttt alerts --kind banned --since <ban-time>",
    },
    {
      action: "Record everything in the incident",
      detail:
        "Pass --incident <incident> to every ban and trace; note the requests to the issuer, FTS and " +
        "sites in the action log.",
      command: 'ttt incidents note <incident> "<what was done>"',
    },
  );
  return steps.map((s, i) => ({ n: i + 1, ...s, command: s.command === "" ? null : s.command }));
}
