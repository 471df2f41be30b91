import type { AuditRepository } from "../audit/index.js";
import type { TxRunner } from "../store/index.js";
import type { RiskRepos } from "./risk.repos.js";

export type ChangeListener = (assessmentId: string) => void;

/**
 * "Assessment X changed", told after the transaction that changed it has committed. Every Assess
 * write appends an audit entry whose target starts with `assessment:<id>`, so the runner learns
 * what changed from the audit appends of the transaction — no service has to remember to tell.
 * Listeners (the meeting rooms) then refresh whoever is watching, whatever path the change took
 * (WebSocket, REST or CLI against this server).
 */
export class RiskEvents {
  private readonly listeners = new Set<ChangeListener>();

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Wraps a transaction runner so that committed writes are announced. */
  wrap(base: TxRunner<RiskRepos>): TxRunner<RiskRepos> {
    return {
      read: (work) => base.read(work),
      write: async (work) => {
        const touched = new Set<string>();
        const result = await base.write((repos) =>
          work({ ...repos, audit: tracking(repos.audit, touched) }),
        );
        for (const id of touched) for (const listener of this.listeners) listener(id);
        return result;
      },
    };
  }
}

function tracking(audit: AuditRepository, touched: Set<string>): AuditRepository {
  const wrapped = Object.create(audit) as AuditRepository;
  wrapped.append = (record) => {
    const id = /^assessment:([^/]+)/.exec(record.target)?.[1];
    if (id !== undefined) touched.add(id);
    return audit.append(record);
  };
  return wrapped;
}
