import { useEffect, useState } from "react";
import type { ConnectionStatus } from "./meeting-connection.js";
import "./meeting.css";

const TEXT: Record<ConnectionStatus, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  refused: "Not connected",
};

/** Connection state, always visible; while reconnecting, when the next try is and a retry button. */
export function ConnectionBadge(props: {
  status: ConnectionStatus;
  retryAt: number | null;
  onRetry: () => void;
}) {
  const { status, retryAt, onRetry } = props;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (retryAt === null) return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [retryAt]);
  const wait = retryAt === null ? 0 : Math.max(0, Math.ceil((retryAt - now) / 1000));
  return (
    <div className="mt-conn" role="status">
      <span className={`mt-conn-dot mt-conn-${status}`} aria-hidden="true" />
      <span data-testid="connection-status" data-status={status}>
        {TEXT[status]}
      </span>
      {(status === "refused" || (status === "reconnecting" && retryAt !== null)) && (
        <>
          {status === "reconnecting" && <span className="mt-muted"> next try in {wait} s</span>}
          <button type="button" className="mt-btn mt-btn-small" onClick={onRetry}>
            Retry now
          </button>
        </>
      )}
    </div>
  );
}
