import { eosUserKey } from "./export.schema.js";
import { unenforced, written, type FormatModule } from "./format-module.js";
import { UNDO_DAYS } from "./select.js";
import { headerLines, shellScript, type Classified } from "./text.js";

/**
 * EOS: a shell script of `eos access ban user <account>` calls for the local accounts banned
 * identities map to.
 *
 * Relied on: EOS documentation, "access" (ban entries): `eos access ban user|group|host|domain
 * <identifier>`, `eos access unban …`, `eos access ls`; clients matching a ban are stalled
 * (answered WAIT). EOS bans local accounts, not token subjects, and TTT cannot know how an
 * instance maps a (iss, sub) to an account, so each identity needs an account in the export
 * options (eos.users); account names are validated as plain user names, so they need no quoting.
 */

function render(c: Classified): string {
  const header = headerLines(c, "ttt-bans.eos.sh", [
    "Run: sh ttt-bans.eos.sh on a host where the eos CLI talks to the MGM as an admin",
    "(set EOS_MGM_URL if needed). Banned clients are stalled, not refused.",
    `Bans lifted or expired in the last ${UNDO_DAYS} days are undone first (eos access unban),`,
    "unless a ban below still bans the same account: run it at least that often (from cron).",
  ]);
  return shellScript(header, c);
}

export const eos: FormatModule = {
  filename: () => "ttt-bans.eos.sh",
  mediaType: "text/x-shellscript; charset=utf-8",
  installPath: () => "ttt-bans.eos.sh",
  timeAware: false,
  entry(ban, o) {
    if (ban.kind !== "identity") throw new Error(`eos: no rule for ${ban.kind}`);
    const user = o.eosUsers.get(eosUserKey(ban.iss, ban.sub));
    if (user === undefined)
      return unenforced(
        ban,
        "no local EOS account is known for this identity: give it in the export options (eos.users: [{iss, sub, user}])",
      );
    return written(ban, [`eos access ban user ${user} || status=1`]);
  },
  render,
  undo: {
    target: (ban, o) =>
      ban.kind === "identity" ? (o.eosUsers.get(eosUserKey(ban.iss, ban.sub)) ?? null) : null,
    lines: (_ban, user) => [`eos access unban user ${user} || status=1`],
  },
};
