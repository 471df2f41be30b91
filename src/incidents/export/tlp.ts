import type { Tlp } from "../incident.model.js";

/**
 * What each Traffic Light Protocol label allows, in FIRST's TLP 2.0 one-line wording, so every
 * export that carries an incident's label also tells its reader what they may do with it: a
 * label alone is easy to misread (AMBER+STRICT is not AMBER).
 */
const TLP_MEANINGS: Record<Tlp, string> = {
  CLEAR: "recipients can spread this to the world, there is no limit on disclosure",
  GREEN: "limited disclosure, recipients can spread this within their community",
  AMBER:
    "limited disclosure, recipients can only spread this on a need-to-know basis within their " +
    "organization and its clients",
  "AMBER+STRICT":
    "limited disclosure, recipients can only spread this on a need-to-know basis within their " +
    "organization, not to its clients",
  RED: "for the eyes and ears of individual recipients only, no further disclosure",
};

/** "TLP:AMBER — limited disclosure, …": the label and what it allows, on one line. */
export function tlpLine(tlp: Tlp): string {
  return `TLP:${tlp} — ${TLP_MEANINGS[tlp]}`;
}
