import type { ReactNode } from "react";
import type { SupportLevel, Traceable } from "../api/handbook.js";

/** How far a hop's logs identify a token, in words (the badge's colour only repeats them). */
export const TRACEABLE_LABEL: Readonly<Record<Traceable, string>> = {
  jti: "traceable by jti",
  subject: "subject only",
  none: "not traceable",
};

/** A shape per traceability, so the badges differ without colour too. */
export const TRACEABLE_ICON: Readonly<Record<Traceable, string>> = {
  jti: "●",
  subject: "◐",
  none: "○",
};

export const BAN_MARK: Readonly<Record<SupportLevel, string>> = {
  full: "✓",
  partial: "~",
  none: "✗",
};

export const pct = (share: number): string => `${Math.round(share * 100)}%`;

/** Text whose `code spans` (commands and options in playbook details) become <code>. */
export function withCode(text: string): ReactNode[] {
  return text
    .split(/`([^`]*)`/)
    .map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part));
}
