import { useRef } from "react";

const FORMATS = [
  { id: "pdf", label: "PDF" },
  { id: "html", label: "HTML" },
  { id: "md", label: "Markdown" },
  { id: "xlsx", label: "Excel (XLSX)" },
  { id: "csv", label: "CSV (CISO Assistant)" },
  { id: "json", label: "JSON (whole assessment, re-importable)" },
] as const;

/**
 * The report of a version in every format: plain links the browser downloads with the session
 * cookie, so a large PDF never passes through the app's memory. The menu closes on a choice
 * and on Escape.
 */
export function ReportDownloads({ assessment, version }: { assessment: string; version: string }) {
  const base = `/api/v1/assessments/${encodeURIComponent(assessment)}/versions/${encodeURIComponent(version)}/report`;
  const menu = useRef<HTMLDetailsElement>(null);
  const close = () => {
    if (menu.current) menu.current.open = false;
  };
  return (
    <details
      ref={menu}
      className="report-menu"
      data-testid={`report-${version}`}
      onKeyDown={(e) => {
        if (e.key === "Escape") close();
      }}
    >
      <summary className="btn btn-small">Report of {version}</summary>
      <ul>
        {FORMATS.map((f) => (
          <li key={f.id}>
            <a
              href={`${base}?format=${f.id}`}
              download
              data-testid={`report-${version}-${f.id}`}
              onClick={close}
            >
              {f.label}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
