import type { Store } from "../store/index.js";
import { BAN_TOPIC } from "./bans.repository.js";
import type { BansService } from "./bans.service.js";

/**
 * Keeps this instance's ban index in step with bans made or lifted by other instances on the
 * same store (PostgreSQL LISTEN/NOTIFY; on SQLite, a CLI writing to the same file). Returns the
 * function that stops listening. Failures to apply a change fall back to a full resync.
 */
export async function startBanSync(
  store: Pick<Store, "feed">,
  bans: BansService,
  onError: (err: unknown) => void = () => undefined,
): Promise<() => Promise<void>> {
  const resync = (): void => void bans.resync().catch(onError);
  const stop = await store.feed.subscribe(BAN_TOPIC, {
    change: (id) =>
      void bans.refreshOne(id).catch((err: unknown) => {
        onError(err);
        resync();
      }),
    resync,
  });
  const pruning = setInterval(() => void bans.prune().catch(onError), PRUNE_EVERY_MS);
  pruning.unref();
  return async () => {
    clearInterval(pruning);
    await stop();
  };
}

/** How often expired bans are dropped from the index (they never match meanwhile anyway). */
const PRUNE_EVERY_MS = 10 * 60 * 1000;
