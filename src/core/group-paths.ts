/**
 * WLCG group paths ("/atlas/production"), as bans match them and the trace's alert watch checks
 * them. Here, outside the bans domain, so that the ingest's parse worker can use the rule without
 * loading the bans domain with its store and routes (each worker loads what it imports).
 */

export const SLASH = 47;

/**
 * Whether a ban on group `banned` covers a token listing group `listed`: the same string, or,
 * for "/" paths, a subgroup of it ("/atlas" covers "/atlas/production"). WLCG tokens carry only
 * the groups that were requested, so a member of /atlas/production may present a token that
 * lists only the subgroup; a ban on /atlas that missed it would not ban the group.
 */
export function groupCovers(banned: string, listed: string): boolean {
  if (banned === listed) return true;
  return (
    banned.length > 0 &&
    listed.charCodeAt(0) === SLASH &&
    listed.length > banned.length &&
    listed.charCodeAt(banned.length) === SLASH &&
    listed.startsWith(banned)
  );
}
