import { get, post, query, request } from "./client.js";
import type {
  AssessmentView,
  CataloguePage,
  CheckReport,
  Me,
  MethodologyView,
  MitigationView,
  OidcInfo,
  RoundView,
  RowsPage,
  RowView,
  SettlementView,
  VersionDiff,
  VersionView,
} from "./types.js";

/** One function per API call the web app makes; paths and bodies live only here. */
const enc = encodeURIComponent;
const A = (a: string) => `/api/v1/assessments/${enc(a)}`;

export const api = {
  me: (signal?: AbortSignal) => request<Me>("GET", "/api/v1/auth/me", { signal, quiet401: true }),
  login: (username: string, password: string) =>
    request<{ user: { name: string; role: string }; expiresAt: string }>(
      "POST",
      "/api/v1/auth/login",
      { body: { username, password }, quiet401: true },
    ),
  logout: () => post<{ ok: boolean }>("/api/v1/auth/logout"),
  oidc: (signal?: AbortSignal) =>
    request<OidcInfo>("GET", "/api/v1/auth/oidc", { signal, quiet401: true }),
  oidcLoginUrl: "/api/v1/auth/oidc/login",

  methodologies: (signal?: AbortSignal) => get<MethodologyView[]>("/api/v1/methodologies", signal),
  methodology: (id: string, signal?: AbortSignal) =>
    get<MethodologyView>(`/api/v1/methodologies/${enc(id)}`, signal),

  assessments: (signal?: AbortSignal) => get<AssessmentView[]>("/api/v1/assessments", signal),
  assessment: (a: string, signal?: AbortSignal) => get<AssessmentView>(A(a), signal),
  createAssessment: (body: {
    id: string;
    title: string;
    description?: string;
    methodology: string;
    defaultRule?: string;
    firstVersion?: string;
  }) => post<AssessmentView>("/api/v1/assessments", body),

  createVersion: (a: string, body: { label: string; from?: string; notes?: string }) =>
    post<VersionView>(`${A(a)}/versions`, body),
  freeze: (a: string, v: string) => post<VersionView>(`${A(a)}/versions/${enc(v)}/freeze`),
  release: (a: string, v: string) => post<VersionView>(`${A(a)}/versions/${enc(v)}/release`),
  diff: (a: string, from: string, to: string, signal?: AbortSignal) =>
    get<VersionDiff>(`${A(a)}/diff${query({ from, to })}`, signal),

  check: (a: string, version: string | null, signal?: AbortSignal) =>
    get<CheckReport>(`${A(a)}/check${query({ version })}`, signal),
  catalogue: (a: string, version: string | null, signal?: AbortSignal) =>
    get<CataloguePage>(`${A(a)}/catalogue${query({ version })}`, signal),
  rows: (a: string, version: string | null, signal?: AbortSignal) =>
    get<RowsPage>(`${A(a)}/rows${query({ version })}`, signal),
  row: (a: string, row: string, version: string | null, signal?: AbortSignal) =>
    get<RowView>(`${A(a)}/rows/${enc(row)}${query({ version })}`, signal),
  rounds: (a: string, row: string, version: string | null, signal?: AbortSignal) =>
    get<RoundView[]>(`${A(a)}/rows/${enc(row)}/rounds${query({ version })}`, signal),
  settlements: (a: string, row: string, version: string | null, signal?: AbortSignal) =>
    get<SettlementView[]>(`${A(a)}/rows/${enc(row)}/settlements${query({ version })}`, signal),
  mitigations: (a: string, version: string | null, signal?: AbortSignal) =>
    get<MitigationView[]>(`${A(a)}/mitigations${query({ version })}`, signal),
};

const methodologyCache = new Map<string, Promise<MethodologyView>>();

/** Methodologies rarely change during a session: fetch each once. */
export function cachedMethodology(id: string): Promise<MethodologyView> {
  let p = methodologyCache.get(id);
  if (!p) {
    p = api.methodology(id);
    methodologyCache.set(id, p);
    p.catch(() => methodologyCache.delete(id));
  }
  return p;
}
