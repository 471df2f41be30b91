/**
 * The new-ban form's state: filled from the URL (the inspector and incident pages link here
 * pre-filled), checked in the browser with clear messages, and turned into the API's body.
 * The server validates everything again.
 */
import type { BanKind, CreateBanBody } from "../api/respond.js";
import { canonicalIsoTime, parseIsoTime } from "../components/iso-time.js";
import { isBanKind, isBroad } from "./ban-kinds.js";

export interface BanForm {
  kind: BanKind;
  iss: string;
  jti: string;
  sub: string;
  issuedBefore: string;
  client: string;
  group: string;
  reason: string;
  incident: string;
  starts: string;
  expires: string;
  /** "all", or site names separated by commas or spaces. */
  sites: string;
  confirmBroad: boolean;
}

export function formFromParams(p: URLSearchParams): BanForm {
  const v = (k: string) => p.get(k) ?? "";
  const kind = p.get("kind");
  return {
    kind: isBanKind(kind) ? kind : "token",
    iss: v("iss"),
    jti: v("jti"),
    sub: v("sub"),
    issuedBefore: v("before"),
    client: v("client"),
    group: v("group"),
    reason: v("reason"),
    incident: v("incident"),
    starts: v("starts"),
    expires: v("expires"),
    sites: v("sites") || "all",
    confirmBroad: false,
  };
}

const SITE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function parseSites(s: string): "all" | string[] {
  const t = s.trim();
  if (t === "" || t === "all") return "all";
  return t.split(/[\s,]+/).filter((x) => x !== "");
}

export interface FormIssue {
  field: string;
  message: string;
}

const TIME_HINT = "an ISO 8601 time with its zone, e.g. 2024-09-03T00:00:00Z";

/** What is wrong with the form before asking the server; empty when it may be sent. */
export function checkForm(f: BanForm): FormIssue[] {
  const issues: FormIssue[] = [];
  const need = (field: string, value: string, what: string) => {
    if (value.trim() === "") issues.push({ field, message: `${what} is required` });
  };
  need("iss", f.iss, "The issuer");
  if (f.kind === "token") need("jti", f.jti, "The token id (jti)");
  if (f.kind === "identity" || f.kind === "identity-before")
    need("sub", f.sub, "The subject (sub)");
  if (f.kind === "client") need("client", f.client, "The client id");
  if (f.kind === "group") need("group", f.group, "The group");
  need("reason", f.reason, "A reason");
  const times: [string, string, string][] = [
    ["starts", f.starts, "Starts"],
    ["expires", f.expires, "Expires"],
  ];
  if (f.kind === "identity-before")
    times.unshift(["issuedBefore", f.issuedBefore, "Issued before"]);
  for (const [field, value, label] of times) {
    if (value.trim() !== "" && parseIsoTime(value) === null) {
      issues.push({ field, message: `${label} must be ${TIME_HINT}` });
    }
  }
  if (f.kind === "identity-before" && f.issuedBefore.trim() === "") {
    issues.push({ field: "issuedBefore", message: `Issued before is required: ${TIME_HINT}` });
  }
  const starts = parseIsoTime(f.starts);
  const expires = parseIsoTime(f.expires);
  if (starts !== null && expires !== null && expires <= starts) {
    issues.push({ field: "expires", message: "Expires must be after starts" });
  }
  const sites = parseSites(f.sites);
  if (sites !== "all") {
    const bad = sites.filter((s) => !SITE.test(s));
    if (bad.length > 0) {
      issues.push({
        field: "sites",
        message: `Site names are letters, digits, . _ - (e.g. CERN-PROD); not ${bad.join(", ")}`,
      });
    }
  }
  if (isBroad(f.kind) && !f.confirmBroad) {
    const what =
      f.kind === "issuer"
        ? "an issuer ban denies every token of the whole issuer"
        : "a group ban denies every member of the group";
    issues.push({ field: "confirmBroad", message: `Tick the confirmation: ${what}` });
  }
  return issues;
}

/** The API body for a form that passed `checkForm`. */
export function toBody(f: BanForm): CreateBanBody {
  const t = (s: string) => s.trim();
  // The ban API wants RFC 3339 (seconds, ±hh:mm): a time the form accepted is sent in UTC.
  const time = (s: string) => canonicalIsoTime(s) ?? t(s);
  const common = {
    iss: f.iss,
    reason: t(f.reason),
    sites: parseSites(f.sites),
    ...(t(f.incident) !== "" ? { incident: t(f.incident) } : {}),
    ...(t(f.starts) !== "" ? { startsAt: time(f.starts) } : {}),
    ...(t(f.expires) !== "" ? { expiresAt: time(f.expires) } : {}),
  };
  // Keys are matched byte for byte against claims: sent exactly as typed.
  switch (f.kind) {
    case "token":
      return { ...common, kind: "token", jti: f.jti };
    case "identity":
      return { ...common, kind: "identity", sub: f.sub };
    case "identity-before":
      return { ...common, kind: "identity-before", sub: f.sub, issuedBefore: time(f.issuedBefore) };
    case "client":
      return { ...common, kind: "client", clientId: f.client };
    case "group":
      return { ...common, kind: "group", group: f.group, confirmBroad: f.confirmBroad };
    case "issuer":
      return { ...common, kind: "issuer", confirmBroad: f.confirmBroad };
  }
}
