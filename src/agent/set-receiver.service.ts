/**
 * From received SETs to an applied batch: verification with the real verifier
 * (createSetVerifier, over the transmitter's JWKS; refetched once when a kid is unknown),
 * decoding (banFromEvent), and one committed transaction in the agent's store. Answers what
 * to acknowledge and what to refuse (RFC 8935 codes), for poll (`ack`, `setErrs`) and push.
 */
import type { JSONWebKeySet } from "jose";
import type { Clock } from "../core/clock.js";
import {
  banFromEvent,
  createSetVerifier,
  type SetVerifier,
  type SetVerifyResult,
} from "../feed/index.js";
import type { AgentStore, AppliedSet } from "./agent-store.repository.js";
import type { AgentMetrics } from "./agent.metrics.js";

export interface Refusal {
  err: string;
  description: string;
}

export interface BatchResult {
  ack: string[];
  setErrs: Record<string, Refusal>;
  /** Bans whose stored state changed: the files need rendering. */
  changed: number;
  /** The newest iat among accepted SETs (seconds), or null. */
  newestIat: number | null;
  /** SETs received before (acknowledged in `ack` too, never applied again). */
  replayed: string[];
}

export interface SetReceiverDeps {
  store: AgentStore;
  clock: Clock;
  metrics: AgentMetrics;
  /** Fetches the transmitter's current JWKS. */
  loadJwks: () => Promise<JSONWebKeySet>;
  issuer: string;
  audience: string;
  log: (msg: string) => void;
}

/** Max age of a SET's iat (the verifier's default) plus skew: how long jtis are kept. */
export const REPLAY_WINDOW_MS = (86_400 + 120) * 1000;

export class SetReceiver {
  private verifier: SetVerifier | undefined;

  constructor(private readonly d: SetReceiverDeps) {}

  /** (Re)loads the JWKS and rebuilds the verifier. */
  async refreshKeys(): Promise<void> {
    const jwks = await this.d.loadJwks();
    this.verifier = createSetVerifier({
      jwks,
      issuer: this.d.issuer,
      audience: this.d.audience,
      clock: this.d.clock,
      seen: (jti) => this.d.store.isSeen(jti),
    });
  }

  /** Verifies, once more with fresh keys when the kid is unknown (a rotation not yet seen). */
  private async verify(token: string): Promise<SetVerifyResult> {
    if (this.verifier === undefined) await this.refreshKeys();
    let r = await this.verifier!.verify(token);
    if (!r.ok && r.code === "unknown_kid") {
      await this.refreshKeys();
      r = await this.verifier!.verify(token);
    }
    return r;
  }

  /**
   * Verifies and applies a batch `{jti: SET}` in one transaction. A replay of a SET already
   * applied is acknowledged (a retransmission after a lost ack), anything else refused.
   */
  async receive(sets: Readonly<Record<string, string>>): Promise<BatchResult> {
    const result: BatchResult = {
      ack: [],
      setErrs: {},
      changed: 0,
      newestIat: null,
      replayed: [],
    };
    const apply: AppliedSet[] = [];
    const m = this.d.metrics;
    for (const [key, token] of Object.entries(sets)) {
      m.received++;
      const v = await this.verify(token);
      if (!v.ok) {
        const jti = v.jti ?? key;
        if (v.code === "replayed_jti" && jti === key) {
          m.duplicates++;
          result.ack.push(key);
          result.replayed.push(key);
          continue;
        }
        m.reject(v.code);
        this.d.log(`refused SET jti=${JSON.stringify(key)}: ${v.code}: ${v.description}`);
        result.setErrs[key] = { err: v.err, description: v.description };
        continue;
      }
      const { claims } = v;
      if (claims.jti !== key) {
        m.reject("jti_mismatch");
        result.setErrs[key] = {
          err: "invalid_request",
          description: "the SET's jti is not the key it was delivered under",
        };
        continue;
      }
      const ev = banFromEvent(claims);
      if (!ev.ok && ev.code === "invalid_ban_event") {
        m.reject(ev.code);
        this.d.log(`refused SET jti=${JSON.stringify(key)}: ${ev.message}`);
        result.setErrs[key] = { err: "invalid_request", description: ev.message };
        continue;
      }
      apply.push({
        jti: key,
        ban: ev.ok ? ev.change.ban : null,
        sequence: ev.ok ? ev.sequence : null,
      });
      result.ack.push(key);
      result.newestIat = Math.max(result.newestIat ?? claims.iat, claims.iat);
    }
    if (apply.length > 0) {
      const now = this.d.clock.now().getTime();
      const out = this.d.store.applyBatch(apply, now);
      this.d.store.pruneSeen(now - REPLAY_WINDOW_MS);
      result.changed = out.changed;
      m.applied += apply.length;
      m.stale += out.stale;
    }
    return result;
  }
}
