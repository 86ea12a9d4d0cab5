import { z } from 'zod';
import { ZScheduleChanges } from './revision-diff.contract.js';

/**
 * A schedule import that would change or remove rows is shown first (POST …/activities.xlsx/preview)
 * and applied only with the preview's `confirm` token: the token names the schedule as it was
 * previewed and the table uploaded, so an apply after someone changed the schedule is refused
 * (409 `staleVersion` with the new preview, docs/ARCHITECTURE.md "Versions").
 */
export const ZScheduleImportQuery = z
  .object({
    confirm: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'lw.importToken')
      .optional(),
  })
  .strict();

/** What an import of this table would do to the schedule as it is now, and the token that applies it. */
export const ZScheduleImportPreview = ZScheduleChanges.extend({
  token: z.string(),
  /** Rows in the uploaded table. */
  rows: z.number().int(),
  /** Applying replaces or removes rows that are there now: the console asks first. */
  needsConfirm: z.boolean(),
});
export type TScheduleImportPreview = z.infer<typeof ZScheduleImportPreview>;
