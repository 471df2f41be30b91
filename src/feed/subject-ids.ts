/**
 * The `sub_id` of each ban kind (RFC 9493 subject identifiers, SSF 1.0 §3). SSF requires the
 * primary subject in a top-level `sub_id` claim and forbids the JWT `sub` claim, so this is the
 * only place a SET names what is banned; the event body repeats the key for exact rebuilding and
 * `banFromEvent` refuses an event whose two disagree.
 *
 * Choices (docs/feed-events.md has the why in full):
 * - token → `jwt_id` {iss, jti}, defined by SSF 1.0 for exactly this.
 * - identity, identity-before → `iss_sub` {iss, sub}; the cutoff is in the event body, because
 *   RFC 9493 has no "tokens issued before T" subject.
 * - client → `complex` {application: opaque client_id, tenant: uri iss}: standard formats only,
 *   so a generic receiver can still tell which client of which issuer is meant; an `opaque`
 *   client id alone would be ambiguous across issuers.
 * - group → custom `ttt_group` {iss, group}: a group ban also covers subgroups (`/atlas` covers
 *   `/atlas/prod`), a rule a generic receiver would not apply to a standard group subject, so a
 *   format it must understand (or drop) is the honest choice.
 * - issuer → `uri` {uri: iss}: the issuer URL identifies the whole VO.
 * Pure: no I/O.
 */
import { z } from "zod";
import type { Ban, BanKey } from "../bans/index.js";

export type SubjectId =
  | { format: "jwt_id"; iss: string; jti: string }
  | { format: "iss_sub"; iss: string; sub: string }
  | {
      format: "complex";
      application: { format: "opaque"; id: string };
      tenant: { format: "uri"; uri: string };
    }
  | { format: "ttt_group"; iss: string; group: string }
  | { format: "uri"; uri: string };

/** The custom subject format of group bans. */
export const TTT_GROUP_FORMAT = "ttt_group";

/** The `sub_id` naming what a ban denies. */
export function subjectOf(ban: Pick<Ban, "iss"> & BanKey): SubjectId {
  switch (ban.kind) {
    case "token":
      return { format: "jwt_id", iss: ban.iss, jti: ban.jti };
    case "identity":
    case "identity-before":
      return { format: "iss_sub", iss: ban.iss, sub: ban.sub };
    case "client":
      return {
        format: "complex",
        application: { format: "opaque", id: ban.clientId },
        tenant: { format: "uri", uri: ban.iss },
      };
    case "group":
      return { format: TTT_GROUP_FORMAT, iss: ban.iss, group: ban.group };
    case "issuer":
      return { format: "uri", uri: ban.iss };
  }
}

/** Whether two subject identifiers name the same subject (same format, same members). */
export function sameSubject(a: SubjectId, b: SubjectId): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  const entries = Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
}

const text = z.string().min(1);

/** A received `sub_id` in one of the formats above (members beyond these are ignored). */
export const SubjectIdSchema = z.discriminatedUnion("format", [
  z.object({ format: z.literal("jwt_id"), iss: text, jti: text }),
  z.object({ format: z.literal("iss_sub"), iss: text, sub: text }),
  z.object({
    format: z.literal("complex"),
    application: z.object({ format: z.literal("opaque"), id: text }),
    tenant: z.object({ format: z.literal("uri"), uri: text }),
  }),
  z.object({ format: z.literal(TTT_GROUP_FORMAT), iss: text, group: text }),
  z.object({ format: z.literal("uri"), uri: text }),
]);
