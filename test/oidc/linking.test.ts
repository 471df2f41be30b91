// Linking OIDC identities to local users, on every store: found by (iss, sub) only, created
// under a free name, role kept in step with the claims, disabled users left alone.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { AccountsRepository, PasswordHasher, TEST_SCRYPT_COST } from "../../src/accounts/index.js";
import { linkExternalUser } from "../../src/accounts/oidc/external-users.js";
import { OidcLoginError } from "../../src/accounts/oidc/oidc.errors.js";
import { createContext, type AppContext } from "../../src/app/context.js";
import { AuditRepository } from "../../src/audit/index.js";
import { FixedClock } from "../../src/core/clock.js";
import { sequentialIds } from "../../src/core/ids.js";
import { txRunner, type Store } from "../../src/store/index.js";
import { storeKinds } from "../../src/test-support/stores.js";

const ISS = "https://iam.example.org/";
const identity = (sub: string, name: string, role: "admin" | "facilitator" | "viewer") => ({
  iss: ISS,
  sub,
  name,
  displayName: null,
  role,
});

for (const kind of await storeKinds()) {
  describe(`OIDC user linking on ${kind.name}`, { skip: kind.skip }, () => {
    let store: Store;
    let ctx: AppContext;
    const clock = new FixedClock("2026-03-01T09:00:00.000Z");
    const deps = { clock, ids: sequentialIds() };
    const tx = () =>
      txRunner(store, (exec) => ({
        accounts: new AccountsRepository(exec),
        audit: new AuditRepository(exec),
      }));
    const link = (i: ReturnType<typeof identity>) =>
      tx().write((repos) => linkExternalUser(repos, i, deps));

    before(async () => {
      store = await kind.open();
      ctx = createContext({ store, clock, hasher: new PasswordHasher(TEST_SCRYPT_COST) });
      await ctx.accounts.ensureAdmin("admin-password-1");
    });
    after(() => store.close());

    it("creates a linked user without a password, then finds it by (iss, sub)", async () => {
      const first = await link(identity("sub-1", "alice", "facilitator"));
      assert.equal(first.created, true);
      assert.deepEqual(
        [first.user.name, first.user.role, first.user.password_hash],
        ["alice", "facilitator", null],
      );
      const again = await link(identity("sub-1", "alice-renamed", "facilitator"));
      assert.deepEqual(
        [again.created, again.user.id, again.user.name],
        [false, first.user.id, "alice"],
      );
      const found = await tx().read(({ accounts }) => accounts.findUserByExternal(ISS, "sub-1"));
      assert.equal(found?.id, first.user.id);
      assert.equal(
        await tx().read(({ accounts }) => accounts.findUserByExternal("https://other/", "sub-1")),
        undefined,
      );
    });

    it("never links by name: a taken name gets -2, -3", async () => {
      const a = await link(identity("sub-2", "admin", "viewer"));
      const b = await link(identity("sub-3", "admin", "viewer"));
      assert.deepEqual([a.user.name, b.user.name], ["admin-2", "admin-3"]);
      const admin = await tx().read(({ accounts }) => accounts.findUserByName("admin"));
      assert.deepEqual(
        [admin?.role, admin?.external_sub],
        ["admin", null],
        "the local admin is untouched",
      );
    });

    it("follows the claims' role on every login, audited", async () => {
      const promoted = await link(identity("sub-1", "alice", "admin"));
      assert.equal(promoted.user.role, "admin");
      const entries = await store.db
        .selectFrom("audit_log")
        .selectAll()
        .where("target", "=", "user:alice")
        .orderBy("seq")
        .execute();
      assert.deepEqual(
        entries.map((e) => [e.action, e.actor]),
        [
          ["user.create", "oidc"],
          ["user.update", "oidc"],
        ],
      );
      assert.equal(JSON.parse(entries[1]?.before ?? "{}").role, "facilitator");
      assert.equal(JSON.parse(entries[1]?.after ?? "{}").role, "admin");
    });

    it("refuses a disabled user and changes nothing", async () => {
      const admin = await ctx.accounts.localActor("admin");
      await ctx.accounts.updateUser(admin, "admin-2", { disabled: true });
      await assert.rejects(
        link(identity("sub-2", "admin", "admin")),
        (e: unknown) =>
          e instanceof OidcLoginError && e.code === "oidc_user_disabled" && e.sub === "sub-2",
      );
      const user = await tx().read(({ accounts }) => accounts.findUserByName("admin-2"));
      assert.deepEqual([user?.disabled, user?.role], [1, "viewer"]);
    });

    it("the store itself keeps (iss, sub) unique, and local users unlinked", async () => {
      const row = (id: string, name: string, sub: string | null) => ({
        id,
        name,
        role: "viewer",
        display_name: null,
        password_hash: null,
        disabled: 0,
        created_at: clock.now().toISOString(),
        external_iss: sub === null ? null : ISS,
        external_sub: sub,
      });
      await assert.rejects(
        store.db
          .insertInto("users")
          .values(row("usr_x1", "dup", "sub-1"))
          .execute(),
      );
      await store.db
        .insertInto("users")
        .values(row("usr_x2", "local-1", null))
        .execute();
      await store.db
        .insertInto("users")
        .values(row("usr_x3", "local-2", null))
        .execute();
    });

    it("opens a session in the same transaction, audited as via oidc", async () => {
      const session = await tx().write(async (repos) => {
        const { user } = await linkExternalUser(repos, identity("sub-1", "alice", "admin"), deps);
        return ctx.accounts.openSession(repos, user, { via: "oidc", issuer: ISS });
      });
      assert.deepEqual([session.actor.name, session.actor.via], ["alice", "session"]);
      assert.equal((await ctx.accounts.resolveSession(session.secret))?.role, "admin");
      const last = await store.db
        .selectFrom("audit_log")
        .selectAll()
        .orderBy("seq", "desc")
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        [last.action, JSON.parse(last.after ?? "{}")],
        ["session.create", { via: "oidc", issuer: ISS }],
      );
    });
  });
}
