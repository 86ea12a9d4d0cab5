import { z } from 'zod';
import { ZFieldChange } from '../participation/revision-diff.contract.js';
import { safeText } from '../common/text.js';
import { ZId, ZUnitKind } from '../common/domain.js';
import { ZPageQuery, page } from '../common/paging.js';

export const ZUnit = z.object({
  id: ZId,
  code: z.string(),
  name: z.string(),
  kind: ZUnitKind,
  town: z.string(),
  address: z.string(),
  head: z.string(),
  contactPerson: z.string(),
  phone: z.string(),
  active: z.boolean(),
  /** Usernames of the unit's coordinators. */
  coordinators: z.array(z.string()),
});
export type TUnit = z.infer<typeof ZUnit>;

export const ZListUnitsQuery = ZPageQuery.extend({
  q: safeText({ max: 60 }).optional(),
  kind: ZUnitKind.optional(),
  /** A town or street, by name. */
  town: safeText({ max: 40 }).optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
}).strict();
export type TListUnitsQuery = z.input<typeof ZListUnitsQuery>;
export const ZListUnitsResponse = page(ZUnit);
export type TListUnitsResponse = z.infer<typeof ZListUnitsResponse>;

/** Deactivate (or reactivate) a unit: an inactive unit is not invited to new campaigns nor reminded. */
export const ZUpdateUnitRequest = z.object({ active: z.boolean() }).strict();
export type TUpdateUnitRequest = z.infer<typeof ZUpdateUnitRequest>;

/** `confirm`: the preview's token, needed when the list renames a unit by its code or repeats a name in a town. */
export const ZImportUnitsQuery = z
  .object({
    campaignId: ZId.optional(),
    confirm: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'lw.importToken')
      .optional(),
  })
  .strict();

/**
 * What importing a unit list would do (POST /units.xlsx/preview), nothing saved: units created,
 * units updated by their code (each changed field old → new; a new name is a rename), names
 * used twice in one town (in the list or beside a unit already there), and the token that applies it.
 */
export const ZUnitImportPreview = z.object({
  token: z.string(),
  created: z.array(z.object({ code: z.string(), name: z.string(), town: z.string() })),
  updated: z.array(z.object({ code: z.string(), name: z.string(), fields: z.array(ZFieldChange) })),
  renamed: z.array(z.object({ code: z.string(), from: z.string(), to: z.string() })),
  duplicates: z.array(z.object({ town: z.string(), name: z.string(), codes: z.array(z.string()) })),
  /** A rename or a repeated name: the console asks before applying. */
  needsConfirm: z.boolean(),
});
export type TUnitImportPreview = z.infer<typeof ZUnitImportPreview>;

/** What an import did; new coordinator accounts come with a one-time initial password. */
export const ZImportUnitsResponse = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  /** Participations created in the campaign named by `campaignId`. */
  invited: z.number().int(),
  accounts: z.array(z.object({ username: z.string(), unitCode: z.string(), initialPassword: z.string() })),
});
export type TImportUnitsResponse = z.infer<typeof ZImportUnitsResponse>;

/** The district's towns and streets (镇/街道), in the bureau's order. */
export const ZTown = z.object({ id: ZId, name: z.string() });
export const ZListTownsResponse = z.object({ items: z.array(ZTown) });
export type TListTownsResponse = z.infer<typeof ZListTownsResponse>;
/** Adds a town or street (another district starts with none); an existing name is refused. */
export const ZCreateTownRequest = z.object({ name: safeText({ min: 1, max: 20 }) }).strict();
export type TCreateTownRequest = z.infer<typeof ZCreateTownRequest>;
