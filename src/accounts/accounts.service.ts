import type { AuditRepository } from "../audit/index.js";
import type { Clock } from "../core/clock.js";
import {
  ConflictError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
} from "../core/errors.js";
import type { IdSource } from "../core/ids.js";
import type { TxRunner } from "../store/index.js";
import type { AccountsRepository, UserRow } from "./accounts.repository.js";
import { actorOf, presentUser, sha256, type UserView } from "./accounts.presenters.js";
import type { PasswordHasher } from "./password.js";
import { authorize } from "./policy.js";
import type { Actor, Role } from "./roles.js";

export interface AccountsRepos {
  accounts: AccountsRepository;
  audit: AuditRepository;
}

export interface AccountsDeps {
  tx: TxRunner<AccountsRepos>;
  clock: Clock;
  ids: IdSource;
  hasher: PasswordHasher;
  sessionHours: number;
  /** Told after a user's role, state or password changed (the API-token actor cache). */
  onUserChange?: (() => void) | undefined;
}

/** A site binding is for `site` accounts only (what would it mean for a responder?). */
function checkSiteBinding(role: Role, site: string | null): void {
  if (site !== null && role !== "site")
    throw new ValidationError(`only a site account can be bound to a site; this one is ${role}`, [
      { path: "site", message: `role is ${role}, not site` },
    ]);
}

/** Local accounts and web sessions. Session secrets are stored as hashes only. */
export class AccountsService {
  constructor(private readonly deps: AccountsDeps) {}

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  /**
   * First start: when there are no users, create `admin`. Returns the generated password when
   * none was given, so the caller can print it once.
   */
  async ensureAdmin(
    password: string | undefined,
  ): Promise<{ created: boolean; generatedPassword?: string }> {
    const pw = password ?? this.deps.ids.secret(18);
    const hash = await this.deps.hasher.hash(pw);
    return this.deps.tx.write(async ({ accounts, audit }) => {
      if ((await accounts.countUsers()) > 0) return { created: false };
      const user = this.newUser("admin", "admin", hash);
      await accounts.insertUser(user);
      await audit.append({
        at: this.now(),
        actor: "system",
        action: "user.create",
        target: `user:admin`,
        after: presentUser(user),
      });
      return password === undefined ? { created: true, generatedPassword: pw } : { created: true };
    });
  }

  private newUser(
    name: string,
    role: Role,
    passwordHash: string | null,
    displayName?: string,
  ): UserRow {
    return {
      id: this.deps.ids.id("usr"),
      name,
      role,
      display_name: displayName ?? null,
      password_hash: passwordHash,
      disabled: 0,
      created_at: this.now(),
      external_iss: null,
      external_sub: null,
      site: null,
    };
  }

  async addUser(
    actor: Actor,
    input: {
      name: string;
      role: Role;
      password?: string | undefined;
      displayName?: string | undefined;
      site?: string | undefined;
    },
  ): Promise<UserView> {
    authorize(actor, "user:manage");
    checkSiteBinding(input.role, input.site ?? null);
    const hash = input.password === undefined ? null : await this.deps.hasher.hash(input.password);
    return this.deps.tx.write(async ({ accounts, audit }) => {
      if (await accounts.findUserByName(input.name)) {
        throw new ConflictError("user_exists", `user '${input.name}' already exists`);
      }
      const user: UserRow = {
        ...this.newUser(input.name, input.role, hash, input.displayName),
        site: input.site ?? null,
      };
      await accounts.insertUser(user);
      const view = presentUser(user);
      await audit.append({
        at: this.now(),
        actor: actor.name,
        action: "user.create",
        target: `user:${user.name}`,
        after: view,
      });
      return view;
    });
  }

  async updateUser(
    actor: Actor,
    name: string,
    patch: {
      role?: Role | undefined;
      disabled?: boolean | undefined;
      password?: string | undefined;
      site?: string | null | undefined;
    },
  ): Promise<UserView> {
    authorize(actor, "user:manage", `user:${name}`);
    const hash =
      patch.password === undefined ? undefined : await this.deps.hasher.hash(patch.password);
    const view = await this.deps.tx.write(async ({ accounts, audit }) => {
      const user = await accounts.findUserByName(name);
      if (!user) throw new NotFoundError("user", name);
      const losesAdmin =
        (patch.role !== undefined && patch.role !== "admin") || patch.disabled === true;
      if (user.role === "admin" && user.disabled === 0 && losesAdmin) {
        const admins = (await accounts.listUsers()).filter(
          (u) => u.role === "admin" && u.disabled === 0,
        );
        if (admins.length <= 1) {
          throw new ConflictError(
            "last_admin",
            `'${name}' is the last active admin; make another user admin first`,
          );
        }
      }
      const role = patch.role ?? (user.role as Role);
      checkSiteBinding(role, patch.site ?? null);
      const next: UserRow = {
        ...user,
        ...(patch.role === undefined ? {} : { role: patch.role }),
        ...(patch.disabled === undefined ? {} : { disabled: patch.disabled ? 1 : 0 }),
        ...(hash === undefined ? {} : { password_hash: hash }),
        // kept across role changes (an OIDC group flap must not unbind a site), in force only
        // while the role is site (actorOf)
        ...(patch.site === undefined ? {} : { site: patch.site }),
      };
      await accounts.updateUser(user.id, next);
      if (next.disabled === 1 || hash !== undefined) await accounts.deleteUserSessions(user.id);
      const before = presentUser(user);
      const after = presentUser(next);
      await audit.append({
        at: this.now(),
        actor: actor.name,
        action: hash === undefined ? "user.update" : "user.update-password",
        target: `user:${name}`,
        before,
        after,
      });
      return after;
    });
    this.deps.onUserChange?.();
    return view;
  }

  /** A user's role or state changed outside this service (OIDC login): forget cached actors. */
  userChanged(): void {
    this.deps.onUserChange?.();
  }

  async listUsers(actor: Actor): Promise<UserView[]> {
    authorize(actor, "user:manage");
    return this.deps.tx.read(async ({ accounts }) => (await accounts.listUsers()).map(presentUser));
  }

  /** Password login; the same message for unknown user and wrong password. */
  private standInHash: Promise<string> | undefined;
  private standIn(): Promise<string> {
    this.standInHash ??= this.deps.hasher.hash(this.deps.ids.secret(16));
    return this.standInHash;
  }

  async login(
    name: string,
    password: string,
  ): Promise<{ secret: string; actor: Actor; expiresAt: string }> {
    const user = await this.deps.tx.read(({ accounts }) => accounts.findUserByName(name));
    // Verify against a stand-in hash when there is no usable one, so the answer takes as long
    // for an unknown user as for a wrong password.
    const stored = user?.password_hash ?? (await this.standIn());
    const matches = await this.deps.hasher.verify(password, stored);
    const ok = user !== undefined && user.disabled === 0 && user.password_hash !== null && matches;
    if (!ok || user === undefined) throw new UnauthenticatedError("unknown user or wrong password");
    return this.deps.tx.write((repos) => this.openSession(repos, user));
  }

  /**
   * Opens a web session for a user who has proven who they are (password, or OIDC with
   * `via`), inside the caller's transaction, so linking an OIDC user and their session commit
   * together. The caller has checked that the user is not disabled.
   */
  async openSession(
    { accounts, audit }: AccountsRepos,
    user: UserRow,
    via?: { via: "oidc"; issuer: string },
  ): Promise<{ secret: string; actor: Actor; expiresAt: string }> {
    const secret = this.deps.ids.secret(32);
    const now = this.deps.clock.now();
    const expiresAt = new Date(now.getTime() + this.deps.sessionHours * 3600_000).toISOString();
    await accounts.deleteExpiredSessions(now.toISOString());
    await accounts.insertSession(sha256(secret), user.id, now.toISOString(), expiresAt);
    await audit.append({
      at: now.toISOString(),
      actor: user.name,
      action: "session.create",
      target: `user:${user.name}`,
      ...(via === undefined ? {} : { after: via }),
    });
    return { secret, actor: actorOf(user, "session", true), expiresAt };
  }

  async logout(secret: string): Promise<void> {
    await this.deps.tx.write(({ accounts }) => accounts.deleteSession(sha256(secret)));
  }

  async resolveSession(secret: string): Promise<Actor | null> {
    return this.deps.tx.read(async ({ accounts }) => {
      const session = await accounts.findSession(sha256(secret));
      if (!session || session.expires_at <= this.now()) return null;
      const user = await accounts.findUserById(session.user_id);
      return user && user.disabled === 0 ? actorOf(user, "session", true) : null;
    });
  }

  /** The local CLI acts as a named user of the store it opened (file access implies trust). */
  async localActor(name: string): Promise<Actor> {
    const user = await this.deps.tx.read(({ accounts }) => accounts.findUserByName(name));
    if (!user)
      throw new ValidationError(`no local user '${name}'`, [
        { path: "as", message: `no user '${name}'` },
      ]);
    if (user.disabled === 1) throw new UnauthenticatedError(`user '${name}' is disabled`);
    return actorOf(user, "local", false);
  }
}
