import { z } from "zod";

/** The handbook's renderings: JSON (the data), Markdown, standalone HTML, PDF. */
export const HANDBOOK_FORMATS = ["json", "md", "html", "pdf"] as const;
export type HandbookFormat = (typeof HANDBOOK_FORMATS)[number];

/** GET /api/v1/handbook and `ttt handbook`. */
export const HandbookQuery = z
  .object({
    assessment: z.string().min(1).max(100).optional(),
    version: z.string().min(1).max(50).optional(),
    workflow: z.string().min(1).max(100).optional(),
    format: z.enum(HANDBOOK_FORMATS).optional(),
  })
  .strict();
export type HandbookQuery = z.output<typeof HandbookQuery>;
