import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { ApiError, onUnauthenticated } from "../api/client.js";
import { api } from "../api/endpoints.js";
import type { Me, Role } from "../api/types.js";
import { ErrorBanner, Loading } from "../components/Feedback.js";

export interface AuthState {
  /** undefined while the first "who am I" is in flight; null when logged out. */
  user: Me | null | undefined;
  error: unknown;
  refresh: () => Promise<Me | null>;
  logout: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

/** Holds who is logged in; any 401 from the API logs the app out. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<Me | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);

  const refresh = useCallback(async (): Promise<Me | null> => {
    try {
      const me = await api.me();
      setUser(me);
      setError(undefined);
      return me;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        setUser(null);
        setError(undefined);
        return null;
      }
      setError(e);
      setUser(null);
      return null;
    }
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setUser(null);
    }
  }, []);

  useEffect(() => {
    void refresh();
    return onUnauthenticated(() => setUser(null));
  }, [refresh]);

  const value = useMemo(() => ({ user, error, refresh, logout }), [user, error, refresh, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error("useAuth outside AuthProvider");
  return ctx;
}

/** Roles that may create assessments and manage versions (server policy: version:manage). */
export function canManage(role: Role | undefined): boolean {
  return role === "admin" || role === "facilitator";
}

/** Renders its children for a logged-in user; otherwise sends the browser to /login?next=… */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user, error } = useAuth();
  const location = useLocation();
  if (user === undefined) {
    return (
      <main className="page">
        <Loading what="session" />
      </main>
    );
  }
  if (user === null) {
    const next = `${location.pathname}${location.search}`;
    return (
      <>
        {error ? <ErrorBanner error={error} /> : null}
        <Navigate to={`/login${next === "/" ? "" : `?next=${encodeURIComponent(next)}`}`} replace />
      </>
    );
  }
  return <>{children}</>;
}

/** A same-site path to return to after login; anything else becomes "/". */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return next;
}
