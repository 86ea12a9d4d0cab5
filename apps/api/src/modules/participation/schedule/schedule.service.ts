import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { scheduleChanges, type TActivity, type TLocale, type TScheduleImportPreview } from '@learnweek/contracts';
import type { UserPrincipal } from '../../../core/auth/principal.js';
import { ApiException, notFound, staleVersion } from '../../../core/errors/api.exception.js';
import { sheetRefusal } from '../../../core/xlsx/workbook.js';
import { toActivity } from '../participation.mapper.js';
import { TownService } from '../../town/town.service.js';
import { ParticipationService } from '../workflow/participation.service.js';
import { readSchedule, writeSchedule } from './schedule-xlsx.js';
import { ScheduleRepository } from './schedule.repository.js';

/**
 * The schedule table (活动安排表) as a spreadsheet: exported (or the blank template) for its unit's
 * coordinators and the reviewers, imported by the coordinators to replace the whole schedule.
 */
@Injectable()
export class ScheduleService {
  constructor(
    private readonly participations: ParticipationService,
    private readonly repo: ScheduleRepository,
    private readonly towns: TownService,
  ) {}

  /** The schedule table as .xlsx (the blank template when `template`), for its coordinators and reviewers. */
  async exportSchedule(id: string, caller: UserPrincipal, template: boolean): Promise<{ filename: string; xlsx: Buffer }> {
    const p = await this.repo.findSchedule(id);
    if (!p) throw notFound();
    await this.towns.assertCanRead(caller, p.unitId);
    const title = `${p.campaign.title} · ${p.unit.name} · 活动安排表`;
    const xlsx = await writeSchedule(title, template ? [] : p.activities.map(toActivity));
    return { filename: `${p.unit.name}-${template ? '活动安排表模板' : '活动安排表'}.xlsx`, xlsx };
  }

  /** What importing the table would change, nothing saved: rows added, changed field by field, removed; the token that applies it. */
  async previewImport(id: string, caller: UserPrincipal, xlsx: Buffer, locale: TLocale): Promise<TScheduleImportPreview> {
    const rows = await this.readRows(xlsx, locale);
    return this.participations.editContent(id, caller, ['planEditable'], async (tx) =>
      importPreview((await this.repo.activities(tx, id)).map(toActivity), rows, xlsx),
    );
  }

  /**
   * Replaces the schedule from a filled-in table: every row or none, errors by row and column.
   * An import that would change or remove rows needs the preview's token (`confirm`); a token of a
   * schedule that changed since (a row edited in another tab) is refused with the new preview.
   */
  async importSchedule(
    id: string,
    caller: UserPrincipal,
    xlsx: Buffer,
    confirm: string | undefined,
    locale: TLocale,
  ): Promise<TActivity[]> {
    const rows = await this.readRows(xlsx, locale);
    return this.participations.editContent(id, caller, ['planEditable'], async (tx) => {
      const preview = importPreview((await this.repo.activities(tx, id)).map(toActivity), rows, xlsx);
      if (confirm !== undefined && confirm !== preview.token) throw staleVersion(preview);
      if (confirm === undefined && preview.needsConfirm) throw new ApiException(409, 'importNeedsConfirm');
      return (
        await this.repo.replaceActivities(
          tx,
          id,
          rows.map((r) => ({ ...r, startsAt: new Date(r.startsAt), endsAt: new Date(r.endsAt) })),
        )
      ).map(toActivity);
    });
  }

  private async readRows(xlsx: Buffer, locale: TLocale) {
    const { rows, errors } = await readSchedule(xlsx, locale);
    if (errors.length > 0) throw sheetRefusal(errors, locale);
    return rows;
  }
}

/**
 * The import of `xlsx` (its `rows`) against the schedule as it is: the changes, and a token naming
 * both (the uploaded bytes, each current row's id and version), so that the apply is of what was shown.
 */
function importPreview(
  current: readonly TActivity[],
  rows: Awaited<ReturnType<typeof readSchedule>>['rows'],
  xlsx: Buffer,
): TScheduleImportPreview {
  const changes = scheduleChanges(current, rows);
  const token = createHash('sha256')
    .update(xlsx)
    .update(current.map((a) => `\n${a.id}:${a.version}`).join(''))
    .digest('hex');
  return { ...changes, token, rows: rows.length, needsConfirm: changes.changed.length > 0 || changes.removed.length > 0 };
}
