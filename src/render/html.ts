/**
 * HTML escaping shared by every HTML export (the risk report, the handbook): one function, so no
 * renderer keeps a copy that could drift or forget a character.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Text for HTML element content or a quoted attribute. Titles, notes, names and reasons are
 * edited by people, so every such value goes through here before it meets markup.
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}
