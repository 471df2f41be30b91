import type { ReactNode } from "react";
import { ApiError } from "../api/client.js";

/** The server's error as the user should read it: message, code and field issues. */
export function ErrorBanner({
  error,
  title,
  onRetry,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}) {
  if (error === undefined || error === null) return null;
  const api = error instanceof ApiError ? error : null;
  const message =
    api?.message ?? (error instanceof Error ? error.message : "Something went wrong.");
  const issues = api?.issues ?? [];
  return (
    <div className="banner banner-error" role="alert">
      <p className="banner-title">
        <span aria-hidden="true">⚠ </span>
        {title ?? "Error"}
        {api && api.code !== "http_error" ? <code className="banner-code">{api.code}</code> : null}
      </p>
      <p>{message}</p>
      {issues.length > 0 ? (
        <ul>
          {issues.map((i) => (
            <li key={`${i.path}:${i.message}`}>
              <code>{i.path}</code>: {i.message}
            </li>
          ))}
        </ul>
      ) : null}
      {onRetry ? (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function Loading({ what }: { what?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      Loading{what ? ` ${what}` : ""}…
    </p>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="banner banner-ok" role="status">
      {children}
    </div>
  );
}
