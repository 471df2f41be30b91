import { useEffect } from "react";
import "./meeting.css";

/** A polite reminder to vote, sent by the facilitator; it fades after half a minute. */
export function NudgeNotice(props: {
  nudge: { from: string; at: number } | null;
  onDismiss: () => void;
}) {
  const { nudge, onDismiss } = props;
  useEffect(() => {
    if (!nudge) return;
    const t = setTimeout(onDismiss, 30_000);
    return () => clearTimeout(t);
  }, [nudge, onDismiss]);
  return (
    <div role="status" aria-live="polite" className="mt-nudge-slot">
      {nudge && (
        <div className="mt-nudge" data-testid="nudge-notice">
          <span>
            <strong>{nudge.from}</strong> kindly asks you to cast your vote for this row.
          </span>
          <button type="button" className="mt-btn mt-btn-small" onClick={onDismiss}>
            OK
          </button>
        </div>
      )}
    </div>
  );
}
