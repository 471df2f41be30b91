import { useEffect, useId, useState, type FormEvent } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { api } from "../api/endpoints.js";
import type { OidcInfo } from "../api/types.js";
import { safeNext, useAuth } from "../app/auth.js";
import { ErrorBanner, Loading } from "../components/Feedback.js";
import { useTitle } from "../components/useTitle.js";

/** Local login (username + password), and "Log in with <issuer>" when OIDC is configured. */
export function Login() {
  useTitle("Log in");
  const { user, refresh } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [oidc, setOidc] = useState<OidcInfo | null>(null);
  const ids = { user: useId(), pass: useId() };
  const oidcError = params.get("error");

  useEffect(() => {
    const ctrl = new AbortController();
    // An older server has no OIDC endpoint (404): then there is simply no button.
    api.oidc(ctrl.signal).then(
      (info) => setOidc(info),
      () => setOidc({ enabled: false }),
    );
    return () => ctrl.abort();
  }, []);

  if (user) return <Navigate to={next} replace />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.login(username, password);
      await refresh();
      void navigate(next, { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <main id="main" className="login-page">
      <div className="login-card">
        <h1>
          <span aria-hidden="true">◆</span> TTT
        </h1>
        <p className="muted">Token Trust &amp; Traceability</p>
        {oidcError ? (
          <div className="banner banner-error" role="alert">
            <p>Single sign-on failed: {oidcError}</p>
          </div>
        ) : null}
        <ErrorBanner error={error} title="Login failed" />
        <form onSubmit={(e) => void submit(e)} className="form" aria-label="Log in">
          <div className="field">
            <label htmlFor={ids.user}>Username</label>
            <input
              id={ids.user}
              name="username"
              autoComplete="username"
              required
              autoFocus
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              data-testid="login-username"
            />
          </div>
          <div className="field">
            <label htmlFor={ids.pass}>Password</label>
            <input
              id={ids.pass}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              data-testid="login-password"
            />
          </div>
          <button
            type="submit"
            className="btn btn-primary btn-block"
            disabled={busy}
            data-testid="login-submit"
          >
            {busy ? "Logging in…" : "Log in"}
          </button>
        </form>
        {oidc === null ? (
          <Loading what="sign-in options" />
        ) : oidc.enabled ? (
          <>
            <p className="divider">
              <span>or</span>
            </p>
            <a className="btn btn-block" href={api.oidcLoginUrl} data-testid="login-oidc">
              Log in with {oidc.name ?? "single sign-on"}
            </a>
          </>
        ) : null}
      </div>
    </main>
  );
}
