import type { ReactNode } from "react";

/**
 * A horizontally scrollable, keyboard-focusable region around a wide table, so small screens
 * scroll the table instead of the page.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
