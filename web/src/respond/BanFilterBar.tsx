import { useId } from "react";
import { KIND_INFO, KINDS, isBanKind } from "./ban-kinds.js";
import { STATE_FILTERS, type BanFilters, type StateFilter } from "./ban-filters.js";

/** The ban list's filters: state and kind (asked of the server), issuer, incident, free text. */
export function BanFilterBar({
  filters,
  update,
}: {
  filters: BanFilters;
  update: (patch: Partial<BanFilters>) => void;
}) {
  const id = useId();
  const text = (key: "issuer" | "incident" | "q", label: string, placeholder: string) => (
    <div className="field-inline">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type="search"
        value={filters[key]}
        placeholder={placeholder}
        onChange={(e) => update({ [key]: e.target.value })}
        data-testid={`bans-filter-${key}`}
      />
    </div>
  );
  return (
    <div className="filters" role="search" aria-label="Filter the bans">
      <div className="field-inline">
        <label htmlFor={`${id}-state`}>State</label>
        <select
          id={`${id}-state`}
          value={filters.state}
          onChange={(e) => update({ state: e.target.value as StateFilter })}
          data-testid="bans-filter-state"
        >
          {STATE_FILTERS.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div className="field-inline">
        <label htmlFor={`${id}-kind`}>Kind</label>
        <select
          id={`${id}-kind`}
          value={filters.kind}
          onChange={(e) => update({ kind: isBanKind(e.target.value) ? e.target.value : "" })}
          data-testid="bans-filter-kind"
        >
          <option value="">any</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_INFO[k].title}
            </option>
          ))}
        </select>
      </div>
      {text("issuer", "Issuer", "part of the URL")}
      {text("incident", "Incident", "id")}
      {text("q", "Search", "sub, jti, client, reason…")}
    </div>
  );
}
