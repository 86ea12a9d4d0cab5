import { Injectable } from '@nestjs/common';
import type { TActivity, TLocale } from '@learnweek/contracts';
import type { UserPrincipal } from '../../../core/auth/principal.js';
import { notFound } from '../../../core/errors/api.exception.js';
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

  /** Replaces the schedule from a filled-in table: every row or none, errors by row and column. */
  async importSchedule(id: string, caller: UserPrincipal, xlsx: Buffer, locale: TLocale): Promise<TActivity[]> {
    const { rows, errors } = await readSchedule(xlsx, locale);
    if (errors.length > 0) throw sheetRefusal(errors, locale);
    return this.participations.editContent(id, caller, ['planEditable'], async (tx) =>
      (await this.repo.replaceActivities(tx, id, rows.map((r) => ({ ...r, startsAt: new Date(r.startsAt), endsAt: new Date(r.endsAt) })))).map(toActivity),
    );
  }
}
