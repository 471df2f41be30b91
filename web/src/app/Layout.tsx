import { Link, NavLink, Outlet, useNavigate } from "react-router";
import { useAuth } from "./auth.js";

/** The shell of every logged-in page: skip link, top bar with who am I and logout. */
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
          <NavLink to="/import">Import</NavLink>
          <NavLink to="/handbook">Handbook</NavLink>
          <NavLink to="/incidents">Incidents</NavLink>
          <NavLink to="/inspect">Inspect</NavLink>
          <NavLink to="/bans">Bans</NavLink>
          <NavLink to="/trace">Trace</NavLink>
          <NavLink to="/alerts">Alerts</NavLink>
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
