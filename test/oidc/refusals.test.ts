// Refused OIDC logins against a real provider: forged or missing state, an expired login, a
// tampered PKCE verifier or nonce, a denial at the provider, a disabled user.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Browser, oidcLogin } from "./browser.js";
import { confidentialWorld, errorOf, kinds, person, type World } from "./confidential-world.js";

describe("refused OIDC logins", { timeout: 180_000 }, () => {
  let world: World;
  before(async () => {
    world = await confidentialWorld();
  });
  after(() => world?.close());

  for (const kind of kinds) {
    describe(`on ${kind}`, () => {
      const p = (who: string) => person(kind, who);
      const server = (k: string) => world.server(k);

      it("rejects a tampered state, a missing login cookie, and an expired login", async () => {
        const t = server(kind);
        const tampered = await oidcLogin(new Browser(), t.base, p("bob"), {
          beforeCallback: (cb) => {
            cb.searchParams.set("state", "forged-state");
            return cb;
          },
        });
        assert.equal(errorOf(tampered.final), "oidc_bad_state");
        // A callback URL without the browser's login cookie is refused, and does not spoil the
        // login of the browser that started it.
        let stolen: URL | undefined;
        const owner = await oidcLogin(new Browser(), t.base, p("bob"), {
          beforeCallback: async (cb) => {
            stolen = (await new Browser().request(cb)).location;
            return cb;
          },
        });
        assert.equal(errorOf(stolen), "oidc_bad_state");
        assert.equal(owner.final?.pathname, "/");
        const late = await oidcLogin(new Browser(), t.base, p("bob"), {
          beforeCallback: (cb) => {
            t.clock.advance(11 * 60_000);
            return cb;
          },
        });
        assert.equal(errorOf(late.final), "oidc_expired");
      });
      it("sends the stored PKCE verifier and checks the nonce: tampering either fails", async () => {
        const t = server(kind);
        for (const column of ["code_verifier", "nonce"] as const) {
          const run = await oidcLogin(new Browser(), t.base, p("bob"), {
            beforeCallback: async (cb) => {
              await t.ctx.store.db
                .updateTable("oidc_transactions")
                .set({ [column]: "x".repeat(43) })
                .execute();
              return cb;
            },
          });
          assert.equal(errorOf(run.final), "oidc_exchange_failed", column);
        }
        // The provider rejected the verifier; openid-client rejected the ID token's nonce.
        const refusals = t.logs.filter((l) => l.includes("oidc_exchange_failed"));
        assert.match(refusals.at(-2) ?? "", /invalid_grant/);
        assert.match(refusals.at(-1) ?? "", /nonce/);
      });
      it("reports a denial at the provider", async () => {
        const run = await oidcLogin(new Browser(), server(kind).base, p("bob"), { deny: true });
        assert.equal(errorOf(run.final), "oidc_denied");
      });
      it("keeps a disabled linked user disabled", async () => {
        const t = server(kind);
        const first = await oidcLogin(new Browser(), t.base, p("bob"));
        assert.equal(first.final?.pathname, "/");
        const admin = await t.ctx.accounts.localActor("admin");
        await t.ctx.accounts.updateUser(admin, "bob", { disabled: true });
        await world.idp.configure({
          accounts: { [p("bob")]: { preferred_username: "bob", groups: ["/wlcg/ttt/admins"] } },
        });
        const again = await oidcLogin(new Browser(), t.base, p("bob"));
        assert.equal(errorOf(again.final), "oidc_user_disabled");
        const bob = await t.ctx.store.db
          .selectFrom("users")
          .selectAll()
          .where("name", "=", "bob")
          .executeTakeFirstOrThrow();
        assert.deepEqual([bob.disabled, bob.role], [1, "assessor"]);
      });
    });
  }
});
