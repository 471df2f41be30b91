import { useEffect, useRef } from "react";
import type { HandbookPage } from "../api/handbook.js";
import { HandbookDownloads } from "./HandbookDownloads.js";
import { BanLegend, HopsTable } from "./HopsTable.js";
import { Playbook } from "./Playbook.js";
import { RiskRows } from "./RiskRows.js";
import { TraceabilityScore } from "./TraceabilityScore.js";

/**
 * One workflow's page of the handbook. When the reader picks another workflow the heading takes
 * the focus, so keyboard and screen-reader users land on what they chose.
 */
export function WorkflowView({ page, note }: { page: HandbookPage; note: string | null }) {
  const w = page.workflow;
  const heading = useRef<HTMLHeadingElement>(null);
  // Not on arrival: only when the workflow shown changes.
  const shown = useRef(w.id);
  useEffect(() => {
    if (shown.current === w.id) return;
    shown.current = w.id;
    heading.current?.focus();
  }, [w.id]);
  const issuer = page.hops.find((h) => h.role.startsWith("issues"));
  return (
    <article className="handbook-workflow" aria-labelledby="handbook-wf-title">
      <h2 id="handbook-wf-title" ref={heading} tabIndex={-1}>
        Workflow {w.id}: {w.name}
      </h2>
      {w.description === "" ? null : <p className="lead">{w.description}</p>}
      <HandbookDownloads workflow={w.id} />
      <h3>Token properties</h3>
      <dl className="facts" data-testid="handbook-properties">
        <dt>Issuer</dt>
        <dd>{issuer === undefined ? "not known" : `${issuer.component}: ${issuer.role}`}</dd>
        <dt>Lifetime</dt>
        <dd>{w.lifetime}</dd>
        <dt>Scope breadth</dt>
        <dd>{w.scopeBreadth}</dd>
        <dt>Refresh / exchange</dt>
        <dd>{w.refreshExchange}</dd>
        <dt>Holder</dt>
        <dd>{w.holder}</dd>
      </dl>
      <h3>Hops</h3>
      <HopsTable page={page} />
      <BanLegend />
      <h3>Traceability</h3>
      <TraceabilityScore page={page} />
      <h3>Risk rows</h3>
      <RiskRows page={page} note={note} />
      <h3>Response playbook</h3>
      <Playbook steps={page.playbook} />
    </article>
  );
}
