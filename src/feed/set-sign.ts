/**
 * Signs SET claims as a compact JWS: ES256 with the ring's current key, protected header
 * `{alg, kid, typ: "secevent+jwt"}` (RFC 8417 §2.3 explicit typing, required by SSF 1.0).
 * The claims are serialised as given — no library adds or rewrites a claim.
 */
import { CompactSign } from "jose";
import type { SetClaims } from "./set-events.js";
import type { SigningKey } from "./signing-keys.js";

export const SET_TYP = "secevent+jwt";

/** Anything that can name the key to sign with now (the key ring, or a fixed key in tests). */
export interface SetSigner {
  current(): SigningKey;
}

/**
 * The signed SET. Refuses claims SSF forbids (`sub`, `exp`) or that lack `events`, because a
 * SET that every receiver must reject is a bug to catch here, not at a hundred sites.
 *
 * @throws TypeError for claims that are not a valid SET.
 */
export async function signSet(claims: SetClaims, signer: SetSigner): Promise<string> {
  const record = claims as unknown as Record<string, unknown>;
  for (const name of ["sub", "exp"]) {
    if (Object.hasOwn(record, name)) throw new TypeError(`signSet: a SET must not have "${name}"`);
  }
  if (typeof claims.events !== "object" || Object.keys(claims.events).length === 0) {
    throw new TypeError("signSet: a SET needs at least one event");
  }
  const key = signer.current();
  const payload = new TextEncoder().encode(JSON.stringify(claims));
  return new CompactSign(payload)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: SET_TYP })
    .sign(key.privateKey);
}
