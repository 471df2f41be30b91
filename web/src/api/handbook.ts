import { get, query } from "./client.js";

/**
 * The workflow handbook as GET /api/v1/handbook returns it, mirrored by hand from the server's
 * src/handbook/handbook.model.ts (the web app never imports server code), and the one call and
 * download links the handbook page needs.
 */

export type Traceable = "jti" | "subject" | "none";
export type SupportLevel = "full" | "partial" | "none";

/** The ban kinds in the order of the server's BAN_KINDS (the columns of the hops table). */
export const BAN_KINDS = [
  "token",
  "identity",
  "identity-before",
  "client",
  "group",
  "issuer",
] as const;
export type BanKind = (typeof BAN_KINDS)[number];

export interface HandbookHop {
  component: string;
  role: string;
  traceable: Traceable;
  logs: string;
  /** Per ban kind, whether the hop's ban file enforces it; null: the hop has no ban file. */
  bans: Partial<Record<BanKind, { level: SupportLevel; note: string }>> | null;
}

export interface HandbookRow {
  id: string;
  threat: string;
  variant: string | null;
  score: { level: string; likelihood: number; impact: number } | null;
}

export interface PlaybookStep {
  n: number;
  action: string;
  detail: string;
  command: string | null;
}

export interface HandbookPage {
  workflow: {
    id: string;
    name: string;
    description: string;
    lifetime: string;
    scopeBreadth: string;
    refreshExchange: string;
    holder: string;
  };
  hops: HandbookHop[];
  traceability: { jti: number; subject: number; none: number; summary: string };
  rows: HandbookRow[];
  playbook: PlaybookStep[];
}

export interface Handbook {
  assessment: { id: string; title: string; version: string; state: string } | null;
  note: string | null;
  pages: HandbookPage[];
}

/** The file formats the handbook downloads in (JSON is the API's own answer). */
export type HandbookFileFormat = "md" | "html" | "pdf";

const PATH = "/api/v1/handbook";

export const handbookApi = {
  get: (signal?: AbortSignal) => get<Handbook>(PATH, signal),
  /** A plain link the browser downloads with the session cookie (the server names the file). */
  downloadUrl: (format: HandbookFileFormat, workflow?: string) =>
    `${PATH}${query({ workflow, format })}`,
};
