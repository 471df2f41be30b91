import { useLocation } from "react-router";
import { Notice } from "../components/Feedback.js";

/** What the new-ban form hands to the page it lands on (router state, never the URL). */
export interface CreatedNotice {
  id: string;
  denies: string;
  coveredIdentities?: number | null | undefined;
  coverageNote?: string | undefined;
}

function isCreated(v: unknown): v is { created: CreatedNotice } {
  if (typeof v !== "object" || v === null || !("created" in v)) return false;
  const c: unknown = v.created;
  return typeof c === "object" && c !== null && typeof (c as CreatedNotice).id === "string";
}

/** "Ban X created", and for group and issuer bans how many known identities it covers. */
export function CreatedBanNotice() {
  const state: unknown = useLocation().state;
  if (!isCreated(state)) return null;
  const c = state.created;
  const broad = c.coverageNote !== undefined;
  return (
    <Notice>
      <span data-testid="ban-created">
        Ban <code>{c.id}</code> created: denies {c.denies}.
        {broad
          ? ` It covers ${
              typeof c.coveredIdentities === "number"
                ? `${c.coveredIdentities} known identities`
                : "an unknown number of identities"
            } (${c.coverageNote}).`
          : null}
      </span>
    </Notice>
  );
}
