import { createHash, randomUUID } from 'node:crypto';
import type { TCheckinFigures, TKioskWall } from '@learnweek/contracts';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock/clock.js';
import { binary } from './files.js';
import { setup, TIMELINE } from './harness.js';

/** The ceremony's window at both venues, and a moment inside it. */
const OPENS = new Date('2017-10-25T00:00:00Z');
const CLOSES = new Date('2017-10-25T06:00:00Z');
const DURING = new Date('2017-10-25T01:00:00Z');
const KIOSK = 'kiosk-token-people-0123';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let t: Awaited<ReturnType<typeof setup>>;
let main: { id: string; qrSecret: string };
let sub: { id: string; qrSecret: string };

beforeAll(async () => {
  t = await setup({ clock: new ManualClock(DURING) });
  const session = (name: string, kind: 'main' | 'sub', qrSecret: string) =>
    t.prisma.checkinSession.create({
      data: { campaignId: t.fixture.campaignId, name, venue: name, kind, qrSecret, opensAt: OPENS, closesAt: CLOSES },
    });
  main = await session('主会场', 'main', 'main-secret-0123456789');
  sub = await session('分会场', 'sub', 'sub-secret-0123456789');
  await t.prisma.kioskDevice.create({
    data: { campaignId: t.fixture.campaignId, name: '大屏', tokenHash: createHash('sha256').update(KIOSK).digest('hex') },
  });
  await t.prisma.user.create({
    data: {
      username: 'staff',
      displayName: '签到志愿者',
      roles: ['checkinStaff'],
      passwordHash: (await t.prisma.user.findFirstOrThrow()).passwordHash,
    },
  });
});
afterAll(async () => {
  await t?.teardown();
});

const key = () => `k-${randomUUID()}`;
const kiosk = { Authorization: `Bearer ${KIOSK}` };
const self = (s: { id: string; qrSecret: string }, body: Record<string, unknown>) =>
  t.http.post(`/api/checkin-sessions/${s.id}/checkins`).send({ idempotencyKey: key(), secret: s.qrSecret, ...body });
const staff = async (s: { id: string }, body: Record<string, unknown>) =>
  t.http
    .post(`/api/checkin-sessions/${s.id}/checkins`)
    .set(await t.as('staff'))
    .send({ idempotencyKey: key(), ...body });
const figures = async (headers: Record<string, string>) =>
  t.http.get(`/api/campaigns/${t.fixture.campaignId}/checkin-figures`).set(headers);

describe('people and scans across the venues', () => {
  it('counts a person once across the main venue and a sub-venue, while each venue counts them and scans count both', async () => {
    const attendee = await t.prisma.attendee.create({ data: { sessionId: main.id, code: 'P001', name: '周大妈' } });
    const arrivals = [
      // one phone at both venues: one person
      await self(main, { name: '张晓艳', phone: '13800138000' }),
      await self(sub, { name: '张晓艳', phone: '+86 138-0013-8000' }),
      // one phone (no number given) at both venues: one person
      await self(main, { name: '李伯伯', deviceKey: 'device-li-0001' }),
      await self(sub, { name: '李伯伯', deviceKey: 'device-li-0001' }),
      // a pre-registered attendee of the main venue, a walk-in without a phone at the sub-venue
      await staff(main, { name: attendee.name, attendeeId: attendee.id }),
      await staff(sub, { name: '王小明' }),
    ];
    expect(arrivals.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);

    const f = await figures(kiosk);
    expect(f.status).toBe(200);
    expect(f.body as TCheckinFigures).toEqual({
      campaignId: t.fixture.campaignId,
      people: 4,
      scans: 6,
      sessions: [
        { sessionId: main.id, total: 3 },
        { sessionId: sub.id, total: 3 },
      ],
      // Towns count people too: 4 residents, not 6 scans.
      byTown: [{ town: '居民', count: 4 }],
    });
    const wall = (await t.http.get('/api/kiosk/wall').set(kiosk)).body as TKioskWall;
    expect([wall.people, wall.scans]).toEqual([4, 6]);
    expect(wall.sessions.map((s) => s.total)).toEqual([3, 3]);

    // The campaign-wide key is a keyed hash, neither the number nor either venue's hash of it.
    const rows = await t.prisma.checkin.findMany({ where: { name: '张晓艳' }, select: { personKey: true, campaignPersonKey: true } });
    expect(new Set(rows.map((r) => r.campaignPersonKey)).size).toBe(1);
    expect(new Set(rows.map((r) => r.personKey)).size).toBe(2);
    expect(rows[0]!.campaignPersonKey).toMatch(/^phone:[0-9a-f]{64}$/);
    expect(rows.map((r) => r.personKey)).not.toContain(rows[0]!.campaignPersonKey);
  });

  it('counts a check-in written before the campaign-wide key as a person of its own venue', async () => {
    const before = (await figures(kiosk)).body as TCheckinFigures;
    // As the migration leaves a phone check-in of earlier days: no campaign-wide key.
    for (const s of [main, sub]) {
      await t.prisma.checkin.create({
        data: {
          sessionId: s.id,
          personKey: 'phone:0123abcd',
          idempotencyKey: key(),
          name: '老数据',
          isResident: true,
          source: 'self',
          at: DURING,
        },
      });
    }
    const after = (await figures(kiosk)).body as TCheckinFigures;
    expect([after.people - before.people, after.scans - before.scans]).toEqual([2, 2]);
  });

  it('shows the figures to the organizer, the staff and the campaign’s screens only', async () => {
    expect((await figures(await t.as('organizer'))).status).toBe(200);
    expect((await figures(await t.as('staff'))).status).toBe(200);
    expect((await figures(await t.as('coord-S1'))).status).toBe(403);
    const other = await t.prisma.campaign.create({
      data: { year: 2018, title: '2018年推进周', theme: '主题', status: 'published', ...TIMELINE, launchVenue: '某地', rules: {} },
    });
    expect((await t.http.get(`/api/campaigns/${other.id}/checkin-figures`).set(kiosk)).status).toBe(403);
    expect((await t.http.get(`/api/campaigns/${randomUUID()}/checkin-figures`).set(await t.as('organizer'))).status).toBe(404);
  });
});

describe('the pre-registered list’s template', () => {
  it('downloads with the import’s columns and the units to pick from; filled in, it imports', async () => {
    const r = await t.http
      .get(`/api/checkin-sessions/${sub.id}/attendees.xlsx`)
      .set(await t.as('organizer'))
      .buffer(true)
      .parse(binary);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(XLSX);
    expect(decodeURIComponent(String(r.headers['content-disposition']))).toContain('分会场-签到名单模板.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(r.body as ArrayBuffer);
    const sheet = book.getWorksheet('签到名单')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '编码', '姓名', '单位', '手机']);
    const units = book.getWorksheet('单位')!.getColumn(1).values.slice(2);
    expect(units).toEqual(['春江镇社区教育中心', '新北区某培训学校', '春江中心小学']);
    expect(sheet.getCell('C2').dataValidation).toMatchObject({ type: 'list', formulae: ["'单位'!$A$2:$A$4"] });
    expect(book.getWorksheet('填写说明')).toBeDefined();

    sheet.addRow(['S-001', '陈阿姨', '春江中心小学', '13912345678']);
    sheet.addRow(['', '居民老赵', '', '']);
    const filled = Buffer.from(await book.xlsx.writeBuffer());
    const imported = await t.http
      .post(`/api/checkin-sessions/${sub.id}/attendees.xlsx`)
      .set({ ...(await t.as('organizer')), 'Content-Type': XLSX })
      .send(filled);
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body).toEqual({ imported: 2 });
    const list = (await t.http.get(`/api/checkin-sessions/${sub.id}/attendees`).set(await t.as('staff'))).body.items as {
      code: string;
      name: string;
      unitName: string | null;
      phoneTail: string | null;
    }[];
    expect(list.map((a) => [a.code, a.name, a.unitName, a.phoneTail])).toEqual([
      ['A0001', '居民老赵', null, null],
      ['S-001', '陈阿姨', '春江中心小学', '5678'],
    ]);
    expect((await t.http.get(`/api/checkin-sessions/${sub.id}/attendees.xlsx`).set(await t.as('staff'))).status).toBe(403);
    expect((await t.http.get(`/api/checkin-sessions/${randomUUID()}/attendees.xlsx`).set(await t.as('organizer'))).status).toBe(404);
  });
});
