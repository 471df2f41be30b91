/**
 * The ban list's filters, kept in the page URL (/bans?state=active&incident=INC-1) so a filtered
 * list can be linked. State and kind go to the server; the server's issuer filter wants an exact
 * URL, so issuer, incident and free text are matched here, as substrings.
 */
import type { BanKind, BanState, BanView } from "../api/respond.js";
import { isBanKind } from "./ban-kinds.js";

export const STATE_FILTERS = ["all", "active", "pending", "expired", "lifted"] as const;
export type StateFilter = (typeof STATE_FILTERS)[number];

export interface BanFilters {
  state: StateFilter;
  kind: BanKind | "";
  issuer: string;
  incident: string;
  q: string;
}

export function filtersFromParams(p: URLSearchParams): BanFilters {
  const state = p.get("state");
  const kind = p.get("kind");
  return {
    state: (STATE_FILTERS as readonly string[]).includes(state ?? "")
      ? (state as StateFilter)
      : "all",
    kind: isBanKind(kind) ? kind : "",
    issuer: p.get("issuer") ?? "",
    incident: p.get("incident") ?? "",
    q: p.get("q") ?? "",
  };
}

/** The URL parameters of `f`, leaving out the defaults. */
export function filtersToParams(f: BanFilters): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.state !== "all") out.state = f.state;
  if (f.kind !== "") out.kind = f.kind;
  for (const k of ["issuer", "incident", "q"] as const) if (f[k].trim() !== "") out[k] = f[k];
  return out;
}

/** What the list route filters itself. */
export function serverQuery(f: BanFilters): { state?: BanState; kind?: BanKind } {
  return {
    ...(f.state === "all" ? {} : { state: f.state }),
    ...(f.kind === "" ? {} : { kind: f.kind }),
  };
}

const has = (hay: string | null | undefined, needle: string) =>
  (hay ?? "").toLowerCase().includes(needle);

/** The bans matching the filters the server does not apply. */
export function filterBans(bans: BanView[], f: BanFilters): BanView[] {
  const iss = f.issuer.trim().toLowerCase();
  const inc = f.incident.trim().toLowerCase();
  const q = f.q.trim().toLowerCase();
  return bans.filter(
    (b) =>
      (iss === "" || has(b.iss, iss)) &&
      (inc === "" || has(b.incident, inc)) &&
      (q === "" ||
        [b.id, b.sub, b.jti, b.clientId, b.group, b.reason, b.denies].some((v) => has(v, q))),
  );
}
