import type { ChangeFeed, Executor } from "../store/index.js";
import { parseJson, toJson } from "../store/index.js";
import type { BansTable } from "../store/tables/bans.tables.js";
/** The change-feed topic ban changes are announced on (payload: the ban id). */
export const BAN_TOPIC = "bans";

import type { Ban, BanCommon, BanKey, BanKind, BanSites, BanState } from "./ban.model.js";

/** Narrows a stored row to its kind's key; a row that lost its key column is a corrupt store. */
function keyOf(r: BansTable): BanKey {
  const need = (v: string | null, column: string): string => {
    if (v === null) throw new Error(`ban ${r.id} (${r.kind}) has no ${column}`);
    return v;
  };
  const kind = r.kind as BanKind;
  switch (kind) {
    case "token":
      return { kind, jti: need(r.jti, "jti") };
    case "identity":
      return { kind, sub: need(r.sub, "sub") };
    case "identity-before":
      return {
        kind,
        sub: need(r.sub, "sub"),
        issuedBefore: need(r.issued_before, "issued_before"),
      };
    case "client":
      return { kind, clientId: need(r.client_id, "client_id") };
    case "group":
      return { kind, group: need(r.grp, "grp") };
    case "issuer":
      return { kind };
    default:
      throw new Error(`ban ${r.id} has unknown kind ${String(r.kind)}`);
  }
}

const toBan = (r: BansTable): Ban => {
  const common: BanCommon = {
    id: r.id,
    iss: r.iss,
    reason: r.reason,
    incident: r.incident,
    author: r.author,
    createdAt: r.created_at,
    startsAt: r.starts_at,
    expiresAt: r.expires_at,
    sites: parseJson<BanSites>(r.sites),
    state: r.state as BanState,
    liftedAt: r.lifted_at,
    liftedBy: r.lifted_by,
    liftReason: r.lift_reason,
  };
  return { ...common, ...keyOf(r) };
};

function toRow(b: Ban): BansTable {
  return {
    id: b.id,
    kind: b.kind,
    iss: b.iss,
    jti: b.kind === "token" ? b.jti : null,
    sub: b.kind === "identity" || b.kind === "identity-before" ? b.sub : null,
    issued_before: b.kind === "identity-before" ? b.issuedBefore : null,
    client_id: b.kind === "client" ? b.clientId : null,
    grp: b.kind === "group" ? b.group : null,
    reason: b.reason,
    incident: b.incident,
    author: b.author,
    created_at: b.createdAt,
    starts_at: b.startsAt,
    expires_at: b.expiresAt,
    sites: toJson(b.sites),
    state: b.state,
    lifted_at: b.liftedAt,
    lifted_by: b.liftedBy,
    lift_reason: b.liftReason,
  };
}

export interface BanFilter {
  state?: BanState | undefined;
  kind?: BanKind | undefined;
  iss?: string | undefined;
  /** With state "active": also the bans lifted at or after this time (ISO). */
  liftedSince?: string | undefined;
}

/** Bans as stored: never deleted, only lifted. */
export class BansRepository {
  constructor(
    private readonly db: Executor,
    private readonly feed?: ChangeFeed,
  ) {}

  /** Tells other instances that this ban changed, delivered when the transaction commits. */
  async announce(id: string): Promise<void> {
    await this.feed?.notify(this.db, BAN_TOPIC, id);
  }

  async insert(b: Ban): Promise<void> {
    await this.db.insertInto("bans").values(toRow(b)).execute();
  }

  async get(id: string): Promise<Ban | undefined> {
    const r = await this.db.selectFrom("bans").selectAll().where("id", "=", id).executeTakeFirst();
    return r && toBan(r);
  }

  /** Oldest first (then by id, so equal times list the same way on both databases). */
  async list(filter: BanFilter = {}): Promise<Ban[]> {
    let q = this.db.selectFrom("bans").selectAll();
    const { state, liftedSince } = filter;
    if (state !== undefined && liftedSince !== undefined)
      q = q.where((eb) =>
        eb.or([
          eb("state", "=", state),
          eb.and([eb("state", "=", "lifted"), eb("lifted_at", ">=", liftedSince)]),
        ]),
      );
    else if (state !== undefined) q = q.where("state", "=", state);
    if (filter.kind !== undefined) q = q.where("kind", "=", filter.kind);
    if (filter.iss !== undefined) q = q.where("iss", "=", filter.iss);
    const rows = await q.orderBy("created_at").orderBy("id").execute();
    return rows.map(toBan);
  }

  /** Lifts an active ban; false when it was not active any more (lifted meanwhile). */
  async lift(id: string, at: string, by: string, reason: string): Promise<boolean> {
    const res = await this.db
      .updateTable("bans")
      .set({ state: "lifted", lifted_at: at, lifted_by: by, lift_reason: reason })
      .where("id", "=", id)
      .where("state", "=", "active")
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }
}
