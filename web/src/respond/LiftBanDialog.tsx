import { useId, useState } from "react";
import { respondApi, type BanView } from "../api/respond.js";
import { ConfirmDialog } from "../components/ConfirmDialog.js";
import { ErrorBanner } from "../components/Feedback.js";

/** Lifting a ban for good, with the reason the audit log and the feed carry. */
export function LiftBanDialog({
  ban,
  onClose,
  onLifted,
}: {
  ban: BanView | null;
  onClose: () => void;
  onLifted: (ban: BanView) => void;
}) {
  const id = useId();
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const close = () => {
    setReason("");
    setMissing(false);
    setError(undefined);
    onClose();
  };

  async function lift() {
    if (!ban) return;
    if (reason.trim() === "") {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const lifted = await respondApi.liftBan(ban.id, reason.trim());
      setBusy(false);
      setReason("");
      onLifted(lifted);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <ConfirmDialog
      open={ban !== null}
      title={ban ? `Lift ban ${ban.id}?` : "Lift ban"}
      confirmLabel="Lift ban"
      busy={busy}
      onConfirm={() => void lift()}
      onCancel={close}
      testId="lift"
    >
      {ban ? (
        <>
          <p>
            Lifting is for good: tokens with <code>{ban.denies}</code> of <code>{ban.iss}</code> are
            accepted again wherever this ban was enforced.
          </p>
          <ErrorBanner error={error} title="Could not lift the ban" />
          <div className="field">
            <label htmlFor={id}>Reason (required)</label>
            <input
              id={id}
              value={reason}
              onChange={(e) => {
                setReason(e.target.value);
                setMissing(false);
              }}
              aria-required
              aria-invalid={missing ? true : undefined}
              aria-describedby={missing ? `${id}-err` : undefined}
              data-testid="lift-reason"
              autoFocus
            />
            {missing ? (
              <p id={`${id}-err`} className="field-error" role="alert">
                Give a reason for lifting the ban.
              </p>
            ) : null}
          </div>
        </>
      ) : null}
    </ConfirmDialog>
  );
}
