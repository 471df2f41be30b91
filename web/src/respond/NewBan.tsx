import { useRef, useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { respondApi } from "../api/respond.js";
import { useAuth } from "../app/auth.js";
import { may } from "../app/roles.js";
import { ErrorBanner } from "../components/Feedback.js";
import { useTitle } from "../components/useTitle.js";
import { BanFields } from "./BanFields.js";
import { BanKindPicker } from "./BanKindPicker.js";
import { checkForm, formFromParams, toBody, type BanForm, type FormIssue } from "./ban-form.js";
import type { CreatedNotice } from "./CreatedBanNotice.js";
import "./respond.css";

/**
 * A new ban: the kind (narrowest first, with where it can be enforced), its key, reason, time
 * window and sites. Pre-filled from the URL (?kind=&iss=&jti=&sub=&client=&group=&incident=
 * &starts=&expires=); on success goes to the incident, else to the ban list.
 */
export function NewBan() {
  useTitle("New ban");
  const { user } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [form, setForm] = useState<BanForm>(() => formFromParams(params));
  const [issues, setIssues] = useState<FormIssue[]>([]);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const allowed = may(user?.role, "ban:manage");

  const set = <K extends keyof BanForm>(k: K, v: BanForm[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    setIssues((l) => l.filter((i) => i.field !== k));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = checkForm(form);
    setIssues(found);
    setError(undefined);
    if (found.length > 0) {
      summary.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const ban = await respondApi.createBan(toBody(form));
      const incident = form.incident.trim();
      const created: CreatedNotice = {
        id: ban.id,
        denies: ban.denies,
        coveredIdentities: ban.coveredIdentities,
        coverageNote: ban.coverageNote,
      };
      void navigate(incident ? `/incidents/${encodeURIComponent(incident)}` : "/bans", {
        state: { created },
      });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="new-ban-h">
      <div className="page-head">
        <h1 id="new-ban-h">New ban</h1>
        <Link to="/bans">Back to the bans</Link>
      </div>
      {!allowed ? (
        <p className="banner banner-error" role="note">
          Your role ({user?.role ?? "unknown"}) cannot create bans: responders and admins can.
        </p>
      ) : null}
      <form className="card form" noValidate onSubmit={(e) => void submit(e)}>
        <div ref={summary} tabIndex={-1} data-testid="ban-form-errors">
          {issues.length > 0 ? (
            <div className="banner banner-error" role="alert">
              <p className="banner-title">Please correct the form</p>
              <ul>
                {issues.map((i) => (
                  <li key={i.field + i.message}>{i.message}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
        <ErrorBanner error={error} title="The server refused the ban" />
        <BanKindPicker kind={form.kind} onChange={(k) => set("kind", k)} />
        <BanFields form={form} set={set} issues={issues} />
        <div className="form-actions">
          <Link to="/bans" className="btn">
            Cancel
          </Link>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={busy || !allowed}
            data-testid="ban-submit"
          >
            {busy ? "Banning…" : "Create ban"}
          </button>
        </div>
      </form>
    </section>
  );
}
