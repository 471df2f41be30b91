import { handbookApi, type HandbookFileFormat } from "../api/handbook.js";

const FORMATS: readonly { id: HandbookFileFormat; label: string }[] = [
  { id: "md", label: "Markdown" },
  { id: "html", label: "HTML" },
  { id: "pdf", label: "PDF" },
];

/**
 * Download links for the handbook, whole or one workflow: plain links the browser downloads
 * with the session cookie; the server names the file.
 */
export function HandbookDownloads({ workflow }: { workflow?: string }) {
  const what = workflow === undefined ? "the whole handbook" : `workflow ${workflow}`;
  const testid = workflow === undefined ? "handbook-download" : "handbook-download-workflow";
  return (
    <nav className="handbook-downloads" aria-label={`Download ${what}`}>
      <span className="small muted">Download {what}:</span>
      {FORMATS.map((f) => (
        <a
          key={f.id}
          className="btn btn-small"
          href={handbookApi.downloadUrl(f.id, workflow)}
          download
          data-testid={`${testid}-${f.id}`}
        >
          {f.label}
        </a>
      ))}
    </nav>
  );
}
