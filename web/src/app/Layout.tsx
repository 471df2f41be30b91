import { Link, NavLink, Outlet, useNavigate } from "react-router";
import { useAuth } from "./auth.js";
import { may, type WebAction } from "./roles.js";

/** The main navigation: each link for the roles the server lets use it (null: everyone). */
const NAV: readonly { to: string; label: string; needs: WebAction | null }[] = [
  { to: "/import", label: "Import", needs: "assessment:import" },
  { to: "/handbook", label: "Handbook", needs: null },
  { to: "/incidents", label: "Incidents", needs: "incident:read" },
  { to: "/inspect", label: "Inspect", needs: "token:inspect" },
  { to: "/bans", label: "Bans", needs: "ban:read" },
  { to: "/trace", label: "Trace", needs: "trace:read" },
  { to: "/alerts", label: "Alerts", needs: "trace:read" },
];

/** The shell of every logged-in page: skip link, top bar (links for the user's role), logout. */
export function Layout() {
  const { user, logout } = useAuth();
  const navigate = useNavigate();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand" aria-label="TTT home: assessments">
          <span aria-hidden="true">◆</span> TTT
        </Link>
        <nav aria-label="Main" className="topnav">
          <NavLink to="/" end>
            Assessments
          </NavLink>
          {NAV.filter((l) => l.needs === null || may(user?.role, l.needs)).map((l) => (
            <NavLink key={l.to} to={l.to}>
              {l.label}
            </NavLink>
          ))}
        </nav>
        <div className="whoami">
          {user ? (
            <span>
              <span className="visually-hidden">Logged in as </span>
              <strong>{user.name}</strong> <span className="role-badge">{user.role}</span>
            </span>
          ) : null}
          <button
            type="button"
            className="btn btn-small"
            data-testid="logout"
            onClick={() => {
              void logout().finally(() => {
                void navigate("/login", { replace: true });
              });
            }}
          >
            Log out
          </button>
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

export function NotFound() {
  return (
    <section>
      <h1>Not found</h1>
      <p>
        There is no page here. <Link to="/">Back to the assessments</Link>.
      </p>
    </section>
  );
}
