import { z } from "zod";
import { TokenString } from "../decisions/index.js";

const Id = z.string().min(1).max(100);

/** `POST /api/v1/tokens/inspect`: the token, and which assessment's workflows to compare with. */
export const InspectBody = z.strictObject({
  token: TokenString,
  /** Assessment id; default: the one with the most recently released version. */
  assessment: Id.optional(),
  /** Version label of that assessment; default: its latest released version, else its latest. */
  version: z.string().min(1).max(40).optional(),
});
export type InspectInput = z.infer<typeof InspectBody>;
