import { z } from "zod";

/** GET /api/v1/handbook and `ttt handbook`. */
export const HandbookQuery = z
  .object({
    assessment: z.string().min(1).max(100).optional(),
    version: z.string().min(1).max(50).optional(),
    workflow: z.string().min(1).max(100).optional(),
    format: z.enum(["json", "md"]).optional(),
  })
  .strict();
export type HandbookQuery = z.output<typeof HandbookQuery>;
