import type { TraceEvent } from "./trace-event.js";

type Named = Pick<TraceEvent, "jti" | "sub" | "details">;

/**
 * The further token ids a line names besides its `jti`: dCache logs every token of a request,
 * comma-joined, as `user.jti=<jti>@<op>[,<jti>@<op>…]`. The event keeps the first as its `jti` and
 * the list as logged in `details.jtis`; these are the others, so each is indexed, traced and
 * watched for bans like the first.
 */
export function otherJtis(e: Named): readonly string[] {
  return others(e.details?.["jtis"], e.jti);
}

/** The further subjects a line names besides its `sub` (dCache's `user.sub`, `details.subjects`). */
export function otherSubs(e: Named): readonly string[] {
  return others(e.details?.["subjects"], e.sub);
}

const NONE: readonly string[] = [];

function others(list: unknown, first: string | null): readonly string[] {
  if (typeof list !== "string" || list.indexOf(",") === -1) return NONE;
  const out: string[] = [];
  for (const item of list.split(",")) {
    const at = item.lastIndexOf("@");
    const value = at > 0 ? item.slice(0, at) : item;
    if (value !== "" && value !== first && !out.includes(value)) out.push(value);
  }
  return out;
}
