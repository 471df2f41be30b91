import type { Store } from "../store/index.js";
import { ISSUER_TOPIC } from "./issuers.repository.js";
import type { IssuersService } from "./issuers.service.js";

/**
 * Keeps this instance's trusted issuers in step with changes made by other instances on the same
 * store (or by a CLI next to a running server): an issuer removed or re-keyed anywhere stops
 * verifying here too. Returns the function that stops listening.
 */
export function startIssuerSync(
  store: Pick<Store, "feed">,
  issuers: IssuersService,
  onError: (err: unknown) => void = () => undefined,
): Promise<() => Promise<void>> {
  const reload = (): void => void issuers.reload().catch(onError);
  return store.feed.subscribe(ISSUER_TOPIC, { change: reload, resync: reload });
}
