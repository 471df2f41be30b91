import { useId } from "react";
import { useSearchParams } from "react-router";
import type { VersionView } from "../api/types.js";

/**
 * Chooses the version a page shows, kept in the URL (?version=) so links and reloads keep it.
 * Without the parameter the page shows the latest version.
 */
export function VersionPicker({
  versions,
  param = "version",
  label = "Version",
}: {
  versions: VersionView[];
  param?: string;
  label?: string;
}) {
  const id = useId();
  const [params, setParams] = useSearchParams();
  const latest = versions.at(-1)?.label ?? "";
  const value = params.get(param) ?? latest;
  return (
    <div className="field field-inline">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => {
          const next = new URLSearchParams(params);
          if (e.target.value === latest) next.delete(param);
          else next.set(param, e.target.value);
          setParams(next);
        }}
      >
        {versions.map((v) => (
          <option key={v.label} value={v.label}>
            {v.label} ({v.state}
            {v.label === latest ? ", latest" : ""})
          </option>
        ))}
      </select>
    </div>
  );
}

/** The version a page should load: ?version= or null for "the latest". */
export function useVersionParam(param = "version"): string | null {
  const [params] = useSearchParams();
  return params.get(param);
}
