import type { Traceable } from "../api/handbook.js";
import { TRACEABLE_ICON, TRACEABLE_LABEL } from "./text.js";

/** What a hop's logs identify, as a worded badge with a shape (never colour alone). */
export function TraceBadge({ traceable }: { traceable: Traceable }) {
  return (
    <span className={`trace-badge trace-${traceable}`}>
      <span aria-hidden="true">{TRACEABLE_ICON[traceable]} </span>
      {TRACEABLE_LABEL[traceable]}
    </span>
  );
}
