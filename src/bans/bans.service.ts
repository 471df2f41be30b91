import { authorize, type Actor } from "../accounts/index.js";
import type { AuditRepository } from "../audit/index.js";
import type { Clock } from "../core/clock.js";
import { ConflictError, NotFoundError, ValidationError } from "../core/errors.js";
import type { IdSource } from "../core/ids.js";
import { parseInput } from "../core/validation.js";
import type { TxRunner } from "../store/index.js";
import { BanIndex } from "./ban-index.js";
import { banWarnings } from "./ban-warnings.js";
import { type Ban, type BanKind, type EffectiveBanState } from "./ban.model.js";
import {
  LiftBanBody,
  broadTarget,
  parseCreateBan,
  toBan,
  type CreateBanInput,
} from "./ban.schema.js";
import {
  presentBan,
  presentBanChange,
  type BanCoverage,
  type BanDetailView,
  type BanView,
  type CreatedBanView,
} from "./bans.presenters.js";
import type { BansRepository } from "./bans.repository.js";
import { parseExportQuery, renderBanFile, UNDO_DAYS, type BanFileResult } from "./export/index.js";

/**
 * Where a committed ban change is recorded for the ban feed (feed/transmitter), inside the ban's
 * own transaction, so a change is announced to every site exactly when it commits.
 */
export interface BanOutbox {
  append(change: { type: "created" | "lifted"; ban: Ban }): Promise<void>;
}

export interface BanRepos {
  bans: BansRepository;
  audit: AuditRepository;
  /** The feed's outbox; every wiring of the app passes one (context.ts). */
  outbox?: BanOutbox;
  /** Whether a TTT incident exists (incidents/), to refuse a ban linked to a mistyped one. */
  incidentExists?: (id: string) => Promise<boolean>;
  /** What ingested logs know (trace/): how many subjects an issuer or group has. */
  coverage?: (
    iss: string,
    group: string | null,
  ) => Promise<{ identities: number; anyKnown: boolean }>;
  /** What ingested logs know: a token's exp (epoch s) by issuer and jti, or null. */
  tokenExp?: (iss: string, jti: string) => Promise<number | null>;
  /** Whether `iss` is a trusted issuer or named by an ingested log (exactly). */
  issuerKnown?: (iss: string) => Promise<boolean>;
  /** The sites ingested logs came from. */
  sitesSeen?: () => Promise<string[]>;
}

/** Most history entries shown with a ban (a ban is created once and lifted at most once). */
const HISTORY_LIMIT = 100;

/** A TTT incident id (`inc_…`); other incident references (a CSIRT ticket) are kept as given. */
const TTT_INCIDENT = /^inc_[0-9a-z]+$/;

export interface BansDeps {
  tx: TxRunner<BanRepos>;
  clock: Clock;
  ids: IdSource;
}

export interface ListBansQuery {
  /** The state now: lifted, or (for stored-active bans) active, pending or expired. */
  state?: EffectiveBanState | undefined;
  kind?: BanKind | undefined;
  iss?: string | undefined;
}

/**
 * Creating, listing and lifting bans. Input is parsed with the ban schema here too (not only at
 * the HTTP edge), so no caller can store a ban the schema refuses. The service takes ban keys
 * (iss, jti, sub …), never a raw token: nothing secret reaches the store or the audit log.
 *
 * It also keeps the in-process BanIndex the decision point will use, loaded from the store on
 * first use and updated after each committed create or lift (only after commit, so a rolled
 * back write never changes decisions).
 */
export class BansService {
  private loaded: Promise<BanIndex> | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly deps: BansDeps) {}

  private now(): Date {
    return this.deps.clock.now();
  }

  async create(actor: Actor, input: unknown): Promise<CreatedBanView> {
    authorize(actor, "ban:manage");
    const parsed = await this.parseCreate(input);
    const tokenExp = await this.tokenExpOf(parsed);
    const ban = this.newBan(parsed, actor, tokenExp);
    await this.deps.tx.write(async (repos) => {
      const inc = ban.incident;
      if (inc !== null && TTT_INCIDENT.test(inc) && (await repos.incidentExists?.(inc)) === false)
        throw new ValidationError(`incident: there is no incident ${inc}`, [
          { path: "incident", message: `there is no incident ${inc}` },
        ]);
      await repos.bans.insert(ban);
      await repos.bans.announce(ban.id);
      await repos.outbox?.append({ type: "created", ban });
      await repos.audit.append({
        at: ban.createdAt,
        actor: actor.name,
        action: "ban.create",
        target: `ban:${ban.id}`,
        after: ban,
      });
    });
    await this.indexed((index) => index.add(ban));
    // The ban is stored: a failed look-up for warnings must not make the caller think otherwise
    // (and create it twice).
    const warnings = await this.deps.tx
      .read((repos) => banWarnings(ban, repos))
      .catch(() => [] as string[]);
    const view = { ...presentBan(ban, this.now()), ...(warnings.length > 0 ? { warnings } : {}) };
    if (ban.kind !== "group" && ban.kind !== "issuer") return view;
    return { ...view, ...(await this.coverage(ban.iss, ban.kind === "group" ? ban.group : null)) };
  }

  /**
   * How many known identities a group or issuer ban covers, from the identities in ingested
   * logs; null (with a note saying why) when no log with identities has been ingested.
   */
  async coverage(iss: string, group: string | null): Promise<BanCoverage> {
    const c = await this.deps.tx.read(
      async (repos) => (await repos.coverage?.(iss, group)) ?? null,
    );
    if (c === null || !c.anyKnown) {
      return {
        coveredIdentities: null,
        coverageNote: "unknown: no log naming identities has been ingested yet",
      };
    }
    const what = group === null ? `issuer ${iss}` : `group ${group} (or a subgroup) of ${iss}`;
    return {
      coveredIdentities: c.identities,
      coverageNote: `distinct subjects of ${what} seen in the ingested logs`,
    };
  }

  /**
   * The create body parsed; a group or issuer ban refused for want of confirmBroad is refused
   * with the number of known identities it would cover, so the responder confirms knowing it.
   */
  private async parseCreate(input: unknown): Promise<CreateBanInput> {
    try {
      return parseCreateBan(input);
    } catch (err) {
      const broad = broadTarget(input);
      if (!(err instanceof ValidationError) || broad === null) throw err;
      if (!err.issues.some((i) => i.path.endsWith("confirmBroad"))) throw err;
      const c = await this.coverage(broad.iss, broad.group);
      const count =
        c.coveredIdentities === null
          ? `how many identities it covers is ${c.coverageNote}`
          : `it would cover ${c.coveredIdentities} known identities (${c.coverageNote})`;
      throw new ValidationError(`${err.message}; ${count}`, err.issues);
    }
  }

  /**
   * The ban to store. When the default expiry comes from an exp found in the ingested logs and
   * has already passed, the refusal says where that exp came from and how to ban anyway.
   */
  private newBan(parsed: CreateBanInput, actor: Actor, tokenExp: unknown): Ban {
    const ctx = { id: this.deps.ids.id("ban"), author: actor.name, now: this.now(), tokenExp };
    try {
      return toBan(parsed, ctx);
    } catch (err) {
      const fromLogs = parsed.kind === "token" && parsed.tokenExp === undefined;
      if (!(err instanceof ValidationError) || !fromLogs || tokenExp === undefined) throw err;
      throw new ValidationError(
        `${err.message} (that exp was found in the ingested logs for this jti, so the token has expired; give expiresAt, e.g. --expires never, to ban it anyway)`,
        err.issues,
      );
    }
  }

  /** A token ban's exp: the one given, else the one the ingested logs know for its jti. */
  private async tokenExpOf(input: CreateBanInput): Promise<unknown> {
    if (input.kind !== "token") return undefined;
    if (input.tokenExp !== undefined || input.expiresAt !== undefined) return input.tokenExp;
    const { iss, jti } = input;
    return this.deps.tx.read(async (repos) => (await repos.tokenExp?.(iss, jti)) ?? undefined);
  }

  async list(actor: Actor, query: ListBansQuery = {}): Promise<BanView[]> {
    authorize(actor, "ban:read");
    const { state, kind, iss } = query;
    const stored = state === undefined ? undefined : state === "lifted" ? "lifted" : "active";
    const bans = await this.deps.tx.read((repos) => repos.bans.list({ state: stored, kind, iss }));
    const now = this.now();
    return bans
      .map((b) => presentBan(b, now))
      .filter((v) => state === undefined || v.effectiveState === state);
  }

  /**
   * One ban with its history from the audit log (who created or lifted it, when, why), so a
   * responder or site can follow a ban without the admin-only audit API.
   */
  async get(actor: Actor, id: string): Promise<BanDetailView> {
    authorize(actor, "ban:read", `ban:${id}`);
    const { ban, changes } = await this.deps.tx.read(async (repos) => ({
      ban: await repos.bans.get(id),
      changes: await repos.audit.list({ target: `ban:${id}`, limit: HISTORY_LIMIT }),
    }));
    if (!ban) throw new NotFoundError("ban", id);
    return { ...presentBan(ban, this.now()), history: changes.reverse().map(presentBanChange) };
  }

  /** Lifts an active ban for good; a lifted ban cannot be lifted again (409 ban_lifted). */
  async lift(actor: Actor, id: string, input: unknown): Promise<BanView> {
    authorize(actor, "ban:manage", `ban:${id}`);
    const { reason } = parseInput(LiftBanBody, input, "invalid lift", "body");
    const at = this.now().toISOString();
    const lifted = await this.deps.tx.write(async (repos) => {
      const before = await repos.bans.get(id);
      if (!before) throw new NotFoundError("ban", id);
      await repos.bans.announce(id);
      if (!(await repos.bans.lift(id, at, actor.name, reason))) {
        throw new ConflictError(
          "ban_lifted",
          `ban '${id}' was already lifted at ${before.liftedAt ?? "?"} by ${before.liftedBy ?? "?"}`,
        );
      }
      const after: Ban = {
        ...before,
        state: "lifted",
        liftedAt: at,
        liftedBy: actor.name,
        liftReason: reason,
      };
      await repos.outbox?.append({ type: "lifted", ban: after });
      await repos.audit.append({
        at,
        actor: actor.name,
        action: "ban.lift",
        target: `ban:${id}`,
        before,
        after,
      });
      return after;
    });
    await this.indexed((index) => index.remove(id));
    return presentBan(lifted, this.now());
  }

  /**
   * A ban file for one middleware (or the json list), made from the bans that are or will be
   * active now, and those lifted in the last UNDO_DAYS (scripts that only add bans undo them);
   * `query` is GET /api/v1/bans/export's (format, site, issuer, options JSON).
   */
  async exportFile(actor: Actor, query: unknown): Promise<BanFileResult> {
    authorize(actor, "ban:read");
    const { format, options } = parseExportQuery(query);
    const since = new Date(this.now().getTime() - UNDO_DAYS * 86_400_000).toISOString();
    const bans = await this.deps.tx.read((repos) =>
      repos.bans.list({ state: "active", liftedSince: since }),
    );
    return renderBanFile(format, bans, { ...options, now: this.now() });
  }

  /**
   * The index of every ban that is or will be active, for the decision point. Loaded once; later
   * changes are applied to it one at a time (see `serially`).
   */
  index(): Promise<BanIndex> {
    this.loaded ??= this.activeNow()
      .then((bans) => new BanIndex(bans))
      .catch((err: unknown) => {
        this.loaded = undefined; // a failed load is retried on next use
        throw err;
      });
    return this.loaded;
  }

  /**
   * Another instance (or a CLI on the same store) changed ban `id`: apply what the store now
   * says to the index, if it is loaded.
   */
  refreshOne(id: string): Promise<void> {
    return this.serially(async (index) => {
      const ban = await this.deps.tx.read((repos) => repos.bans.get(id));
      if (ban === undefined || ban.state !== "active") index.remove(id);
      else index.add(ban);
    });
  }

  /**
   * Changes may have been missed (lost connection, another process): reload the index, and drop
   * bans that have expired meanwhile.
   */
  resync(): Promise<void> {
    return this.serially(async (index) => index.replaceAll(await this.activeNow()));
  }

  /** Drops expired bans from the loaded index (token bans expire an hour after their token). */
  prune(): Promise<void> {
    return this.serially((index) => {
      index.prune(this.now().getTime());
      return Promise.resolve();
    });
  }

  /** Stored-active bans that have not expired: what the index holds. */
  private async activeNow(): Promise<Ban[]> {
    const bans = await this.deps.tx.read((repos) => repos.bans.list({ state: "active" }));
    const now = this.now().getTime();
    return bans.filter((b) => b.expiresAt === null || Date.parse(b.expiresAt) > now);
  }

  /** Applies a committed change to the index if it is loaded (or loading); else the load will see it. */
  private indexed(change: (index: BanIndex) => unknown): Promise<void> {
    return this.serially((index) => {
      change(index);
      return Promise.resolve();
    });
  }

  /**
   * Every change to a loaded index runs here, one after the other. A reload reads the store and
   * replaces the index in one step of the queue, so a ban committed and added meanwhile is
   * either in its snapshot or added after it — never overwritten by an older snapshot; and two
   * reads of the same ban apply in the order they were asked, the later one last.
   */
  private serially(work: (index: BanIndex) => Promise<void>): Promise<void> {
    if (this.loaded === undefined) return Promise.resolve();
    const run = this.queue.then(async () => work(await this.index()));
    this.queue = run.catch(() => undefined);
    return run;
  }
}
