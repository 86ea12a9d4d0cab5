import { Injectable } from '@nestjs/common';
import type { TListAttendeesResponse } from '@learnweek/contracts';
import { deskServes, type Principal } from '../../core/auth/principal.js';
import { forbidden, notFound } from '../../core/errors/api.exception.js';
import { sheetRefusal } from '../../core/xlsx/workbook.js';
import { readAttendees, writeAttendeeTemplate } from './attendee-import.js';
import { CheckinRepository } from './checkin.repository.js';
import { normalisePhone, phoneHash } from './person-keys.js';

/**
 * A session's pre-registered list (签到名单): its import from .xlsx (all rows or none), the blank
 * template, and the list itself as the staff page and a desk search it.
 */
@Injectable()
export class AttendeeService {
  constructor(private readonly repo: CheckinRepository) {}

  /** Imports a pre-registered list; all rows or none, with errors by row and column. */
  async importAttendees(sessionId: string, xlsx: Buffer): Promise<{ imported: number }> {
    const session = await this.repo.findSession(sessionId);
    if (!session) throw notFound();
    const units = new Map((await this.repo.unitIdsByName()).map((u) => [u.name, u.id]));
    const { rows, errors } = await readAttendees(xlsx, new Set(units.keys()));
    const taken = new Set((await this.repo.existingCodes(sessionId)).map((a) => a.code));
    for (const r of rows) if (r.code && taken.has(r.code)) errors.push({ path: `编码 ${r.code}`, message: '名单中已有此编码' });
    if (errors.length > 0) throw sheetRefusal(errors, 'zh-CN');
    let next = taken.size + 1;
    const code = () => {
      let c: string;
      do c = `A${String(next++).padStart(4, '0')}`;
      while (taken.has(c));
      return c;
    };
    const imported = await this.repo.addAttendees(
      rows.map((r) => {
        const digits = r.phone ? normalisePhone(r.phone) : null;
        return {
          sessionId,
          code: r.code ?? code(),
          name: r.name,
          unitId: r.unitName ? (units.get(r.unitName) ?? null) : null,
          phoneHash: r.phone ? phoneHash(session.qrSecret, r.phone) : null,
          phoneTail: digits ? digits.slice(-4) : null,
        };
      }),
    );
    return { imported };
  }

  /** The blank pre-registered list for this session, with the active units to pick from. */
  async attendeeTemplate(sessionId: string): Promise<{ filename: string; xlsx: Buffer }> {
    const session = await this.repo.findSession(sessionId);
    if (!session) throw notFound();
    const units = await this.repo.listUnits();
    return {
      filename: `${session.name}-签到名单模板.xlsx`,
      xlsx: await writeAttendeeTemplate(
        `${session.name} · ${session.venue}`,
        units.map((u) => u.name),
      ),
    };
  }

  async attendees(sessionId: string, principal: Principal): Promise<TListAttendeesResponse> {
    const session = await this.repo.findSession(sessionId);
    if (!session) throw notFound();
    if (principal.kind === 'desk' && !deskServes(principal, session)) throw forbidden();
    const rows = await this.repo.attendees(sessionId);
    return {
      items: rows.map((a) => ({
        id: a.id,
        code: a.code,
        name: a.name,
        unitName: a.unit?.name ?? null,
        phoneTail: a.phoneTail,
        checkedInAt: a.checkins[0]?.at.toISOString() ?? null,
      })),
    };
  }
}
