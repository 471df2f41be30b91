/**
 * From a verified SET back to the ban change it carries: what a site agent applies to its list.
 *
 * The SET's signature, issuer, audience and times are set-verify.ts's job; this reads only its
 * meaning. A SET without a TTT event (a RISC/CAEP companion, a verification event) is not an
 * error but `no_ban_event`, which the agent skips; anything else wrong is `invalid_ban_event`
 * with one issue per bad field, so the poll `setErrs` can say exactly what. Pure: no I/O.
 */
import { z } from "zod";
import type { FieldIssue } from "../core/errors.js";
import { fieldIssues } from "../core/validation.js";
import { changeTypeOf } from "./event-types.js";
import { SubjectIdSchema, sameSubject, subjectOf } from "./subject-ids.js";
import { WireBanSchema, wireToBan } from "./ban-wire.js";
import type { BanChange } from "./set-events.js";

export type BanEventResult =
  | { ok: true; change: BanChange; sequence: number | null; txn: string | null }
  | {
      ok: false;
      code: "no_ban_event" | "invalid_ban_event";
      message: string;
      issues: FieldIssue[];
    };

const BodySchema = z.object({
  ban: WireBanSchema,
  sequence: z.number().int().nonnegative().optional(),
});

/**
 * The ban change in a SET's claims. A lifted event must carry a lifted ban and the others an
 * active one, and the `sub_id` must name exactly the ban's key: a SET whose subject and body
 * disagree is refused rather than trusted in either half.
 */
export function banFromEvent(claims: unknown): BanEventResult {
  if (!isRecord(claims)) return invalid([{ path: "(root)", message: "claims must be an object" }]);
  const events = claims["events"];
  if (!isRecord(events)) return invalid([{ path: "events", message: "must be an object" }]);

  const ours = Object.keys(events).filter((uri) => changeTypeOf(uri) !== null);
  if (ours.length === 0) {
    const types = Object.keys(events).join(", ") || "none";
    return {
      ok: false,
      code: "no_ban_event",
      message: `no TTT ban event in this SET (event types: ${types})`,
      issues: [],
    };
  }
  if (ours.length > 1) {
    return invalid([
      { path: "events", message: `several ban events in one SET: ${ours.join(", ")}` },
    ]);
  }
  const uri = ours[0] as string;
  const type = changeTypeOf(uri);
  if (type === null) throw new Error("unreachable: filtered above");

  const body = BodySchema.safeParse(events[uri]);
  if (!body.success) return invalid(fieldIssues(body.error.issues, `events["${uri}"]`));
  const ban = wireToBan(body.data.ban);

  const issues: FieldIssue[] = [];
  const wanted = type === "lifted" ? "lifted" : "active";
  if (ban.state !== wanted) {
    issues.push({
      path: `events["${uri}"].ban.state`,
      message: `a ${type} event carries a ban in state ${wanted}, got ${ban.state}`,
    });
  }
  const subject = SubjectIdSchema.safeParse(claims["sub_id"]);
  if (!subject.success) {
    issues.push(...fieldIssues(subject.error.issues, "sub_id"));
  } else if (!sameSubject(subject.data, subjectOf(ban))) {
    issues.push({ path: "sub_id", message: "does not name the key of the ban in the event" });
  }
  if (issues.length > 0) return invalid(issues);

  const txn = claims["txn"];
  return {
    ok: true,
    change: { type, ban },
    sequence: body.data.sequence ?? null,
    txn: typeof txn === "string" ? txn : null,
  };
}

function invalid(issues: FieldIssue[]): BanEventResult {
  const shown = issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`);
  const more = issues.length > 3 ? ` (+${issues.length - 3} more)` : "";
  return {
    ok: false,
    code: "invalid_ban_event",
    message: `invalid ban event: ${shown.join("; ")}${more}`,
    issues,
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
