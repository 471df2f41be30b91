import type { AppContext } from "./context.js";
import type { Config } from "./config.js";
import { loadExample } from "../risk/index.js";

export interface BootstrapResult {
  /** Set only when the admin account was created with a generated password: show it once. */
  generatedAdminPassword?: string;
  exampleLoaded: boolean;
}

/**
 * What every start does: install the built-in methodologies; on an empty store, create `admin`
 * (password from TTT_ADMIN_PASSWORD, else generated) and load the example assessment.
 */
export async function bootstrap(
  ctx: AppContext,
  config: Pick<Config, "adminPassword" | "loadExample">,
): Promise<BootstrapResult> {
  await ctx.risk.methodologies.installBuiltins();
  const admin = await ctx.accounts.ensureAdmin(config.adminPassword);
  let exampleLoaded = false;
  if (admin.created && config.loadExample) {
    exampleLoaded = (await loadExample(ctx, await ctx.accounts.localActor("admin"))).created;
  }
  return {
    ...(admin.generatedPassword === undefined
      ? {}
      : { generatedAdminPassword: admin.generatedPassword }),
    exampleLoaded,
  };
}
