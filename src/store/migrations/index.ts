import type { Migration } from "kysely";
import * as m0001 from "./0001-accounts-audit.js";
import * as m0002 from "./0002-risk.js";
import * as m0003 from "./0003-api-token-creator.js";
import * as m0004 from "./0004-oidc.js";
import * as m0005 from "./0005-meetings.js";
import * as m0006 from "./0006-bans.js";
import * as m0007 from "./0007-issuers.js";
import * as m0008 from "./0008-feed.js";
import * as m0009 from "./0009-trace.js";
import * as m0010 from "./0010-alerts.js";
import * as m0011 from "./0011-key-blocks.js";
import * as m0012 from "./0012-trace-events-rowid.js";
import * as m0013 from "./0013-incidents.js";
import * as m0014 from "./0014-incident-traces.js";
import * as m0015 from "./0015-incident-tokens.js";
import * as m0016 from "./0016-alert-acks.js";
import * as m0017 from "./0017-trace-identities.js";
import * as m0018 from "./0018-trace-files-unique.js";
import * as m0019 from "./0019-trace-files-time-zone.js";
import * as m0020 from "./0020-key-blocks-by-group.js";
import * as m0021 from "./0021-user-site.js";
import * as m0022 from "./0022-postings-by-segment.js";

/**
 * Migrations are listed here rather than read from disk, so the compiled build and the
 * TypeScript sources behave the same. Names sort in the order they must run; never edit one
 * that has shipped — add a new file.
 */
export const migrations: Record<string, Migration> = {
  "0001-accounts-audit": m0001,
  "0002-risk": m0002,
  "0003-api-token-creator": m0003,
  "0004-oidc": m0004,
  "0005-meetings": m0005,
  "0006-bans": m0006,
  "0007-issuers": m0007,
  "0008-feed": m0008,
  "0009-trace": m0009,
  "0010-alerts": m0010,
  "0011-key-blocks": m0011,
  "0012-trace-events-rowid": m0012,
  "0013-incidents": m0013,
  "0014-incident-traces": m0014,
  "0015-incident-tokens": m0015,
  "0016-alert-acks": m0016,
  "0017-trace-identities": m0017,
  "0018-trace-files-unique": m0018,
  "0019-trace-files-time-zone": m0019,
  "0020-key-blocks-by-group": m0020,
  "0021-user-site": m0021,
  "0022-postings-by-segment": m0022,
};
