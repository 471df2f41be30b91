import type { Ban } from "./ban.model.js";

/** What a ban's creation can check against what the store knows. */
export interface KnownTargets {
  issuerKnown?: ((iss: string) => Promise<boolean>) | undefined;
  sitesSeen?: (() => Promise<string[]>) | undefined;
}

/**
 * Likely mistakes in a ban just made, as sentences for the responder (the ban is stored all the
 * same: an issuer or site not seen yet may be right). Issuers and sites are compared exactly,
 * so `https://iam.example.org` bans no token of `https://iam.example.org/`, and `CERN_PROD`
 * is never `CERN-PROD`:
 * - an issuer that is neither trusted nor named by an ingested log, when one spelled nearly the
 *   same way (trailing slash, capitals in the host) is;
 * - sites no ingested log came from, when logs of some sites have been ingested.
 */
export async function banWarnings(ban: Ban, known: KnownTargets): Promise<string[]> {
  const out: string[] = [];
  if (known.issuerKnown !== undefined && !(await known.issuerKnown(ban.iss))) {
    const near: string[] = [];
    for (const v of issuerVariants(ban.iss)) if (await known.issuerKnown(v)) near.push(v);
    if (near.length > 0)
      out.push(
        `issuer "${ban.iss}" is neither a trusted issuer nor named by an ingested log, but ${near.map((n) => `"${n}"`).join(" and ")} is: issuers are compared exactly, so this ban denies no token of ${near.length > 1 ? "those" : "that one"}; ban again with the token's exact iss and lift this ban`,
      );
  }
  if (ban.sites !== "all" && known.sitesSeen !== undefined) {
    const seen = await known.sitesSeen();
    const unknown = ban.sites.filter((s) => !seen.includes(s));
    if (seen.length > 0 && unknown.length > 0)
      out.push(
        `no ingested log came from site ${unknown.map((s) => `"${s}"`).join(", ")} (sites seen: ${seen.slice(0, 20).join(", ")}${seen.length > 20 ? ", …" : ""}): sites are compared exactly; check the spelling`,
      );
  }
  return out;
}

/** Spellings of an issuer URL a person may have meant: the other trailing slash, a lower-case host. */
export function issuerVariants(iss: string): string[] {
  const toggle = (s: string) => (s.endsWith("/") ? s.slice(0, -1) : `${s}/`);
  const out = new Set([toggle(iss)]);
  try {
    const u = new URL(iss);
    const lower = `${u.protocol}//${u.host}${u.pathname === "/" && !iss.endsWith("/") ? "" : u.pathname}${u.search}`;
    out.add(lower);
    out.add(toggle(lower));
  } catch {
    // not a URL: only the slash
  }
  out.delete(iss);
  return [...out];
}
