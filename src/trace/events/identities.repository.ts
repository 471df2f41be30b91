import { sql } from "kysely";
import type { Executor } from "../../store/index.js";
import { EventsRepository } from "./events.repository.js";

/** Length in characters (code points), as SQL's substr counts, not in UTF-16 units. */
const chars = (s: string): number => [...s].length;

/** How many distinct subjects the ingested logs know for a group or an issuer. */
export interface IdentityCoverage {
  /** Distinct subjects of the issuer (in the group or one of its subgroups, for a group). */
  identities: number;
  /** Whether any identity at all has been ingested: without logs, 0 means "not known". */
  anyKnown: boolean;
}

/**
 * What the ingested logs know about identities and tokens, for Respond: how many identities a
 * broad ban would cover (trace_identities, written by ingest), and a token's exp by its jti.
 */
export class IdentitiesRepository {
  constructor(private readonly db: Executor) {}

  /**
   * Subjects of `iss` seen in logs; with `group`, only those seen with that group or, for a "/"
   * path, a subgroup of it — the same rule a group ban matches by (bans/ban-keys.ts groupCovers).
   */
  async coverage(iss: string, group: string | null): Promise<IdentityCoverage> {
    let q = this.db
      .selectFrom("trace_identities")
      .select(sql<number | string>`count(distinct sub)`.as("n"))
      .where("iss", "=", iss);
    if (group !== null) {
      const below = `${group}/`;
      q = q.where((eb) =>
        group.startsWith("/")
          ? eb.or([eb("grp", "=", group), eb(sql`substr(grp, 1, ${chars(below)})`, "=", below)])
          : eb("grp", "=", group),
      );
    }
    const row = await q.executeTakeFirst();
    const any = await this.db.selectFrom("trace_identities").select("iss").limit(1).execute();
    return { identities: Number(row?.n ?? 0), anyKnown: any.length > 0 };
  }

  /** Whether any ingested log names issuer `iss` (exactly) with a subject. */
  async knowsIssuer(iss: string): Promise<boolean> {
    const r = await this.db
      .selectFrom("trace_identities")
      .select("iss")
      .where("iss", "=", iss)
      .limit(1)
      .execute();
    return r.length > 0;
  }

  /** The sites ingested logs were given (`--site`), in name order. */
  async sitesSeen(): Promise<string[]> {
    const rows = await this.db
      .selectFrom("trace_files")
      .select("site")
      .distinct()
      .where("site", "is not", null)
      .orderBy("site")
      .limit(1000)
      .execute();
    return rows.map((r) => r.site).filter((s): s is string => s !== null);
  }

  /**
   * The exp (epoch seconds) the logs give for token `jti` of issuer `iss`, or null when no
   * event of that issuer carries it (the latest, should two lines disagree).
   */
  async tokenExp(iss: string, jti: string): Promise<number | null> {
    let exp: number | null = null;
    for (const e of await new EventsRepository(this.db).byKey("jti", jti)) {
      if (e.iss === iss && e.tokenExp !== null && (exp === null || e.tokenExp > exp)) {
        exp = e.tokenExp;
      }
    }
    return exp;
  }
}
