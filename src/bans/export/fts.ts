import { unsafe, written, type FormatModule } from "./format-module.js";
import { UNDO_DAYS } from "./select.js";
import { breaksLines, headerLines, shellQuote, shellScript, type Classified } from "./text.js";

/**
 * FTS3: a shell script of `fts-rest-ban` calls banning the subjects of identity bans.
 *
 * Relied on: fts-rest documentation, "fts-rest-ban": `-s/--endpoint`, `--user` (the user's DN,
 * which for token logins FTS fills with the bare `sub`, per docs/bans-and-feeds.md), `--unban`;
 * a user ban cancels that user's queued jobs. FTS keeps a ban until it is undone, so the script
 * unbans the subjects of bans that ended lately (select.ts, endedBans). The sub is passed as `--user='<sub>'`, single-
 * quoted for the shell (a quote inside becomes '\''), so no sub can add shell syntax; the
 * `=` form keeps a sub starting with `-` from being read as an option.
 */

function render(c: Classified): string {
  const header = headerLines(c, "ttt-bans.fts.sh", [
    "Run: FTS_ENDPOINT=https://fts3.example.org:8446 sh ttt-bans.fts.sh  (as an FTS admin;",
    "fts-rest-ban comes with the FTS REST client). Banning and unbanning are idempotent. Bans",
    `lifted or expired in the last ${UNDO_DAYS} days are undone first (--unban), unless a ban`,
    "below still bans the same sub: run it at least that often (from cron).",
    "Caveat: FTS keeps the bare sub, not the issuer: a ban denies this sub from every issuer.",
  ]);
  return shellScript(header, c, [
    ': "${FTS_ENDPOINT:?set FTS_ENDPOINT to the FTS3 REST endpoint, e.g. https://fts3.example.org:8446}"',
  ]);
}

export const fts: FormatModule = {
  filename: () => "ttt-bans.fts.sh",
  mediaType: "text/x-shellscript; charset=utf-8",
  installPath: () => "ttt-bans.fts.sh",
  timeAware: false,
  entry(ban) {
    if (ban.kind !== "identity") throw new Error(`fts: no rule for ${ban.kind}`);
    if (breaksLines(ban.sub))
      return unsafe(ban, "its sub has characters a script line cannot hold");
    return written(ban, [
      `fts-rest-ban -s "$FTS_ENDPOINT" --user=${shellQuote(ban.sub)} || status=1`,
    ]);
  },
  render,
  undo: {
    target: (ban) => (ban.kind === "identity" && !breaksLines(ban.sub) ? ban.sub : null),
    lines: (_ban, sub) => [
      `fts-rest-ban -s "$FTS_ENDPOINT" --user=${shellQuote(sub)} --unban || status=1`,
    ],
  },
};
