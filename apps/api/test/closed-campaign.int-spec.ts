import { randomUUID } from 'node:crypto';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TCampaignOfRoute } from '@learnweek/contracts';
import { campaignOfRoute } from '../src/modules/campaign/campaign-writable.guard.js';
import { setup } from './harness.js';

let t: Awaited<ReturnType<typeof setup>>;

beforeAll(async () => {
  t = await setup();
});
afterAll(async () => {
  await t?.teardown();
});

interface TRoute {
  method: string;
  path: string;
  of: TCampaignOfRoute | undefined;
}

/** Every route the app serves, with its campaign declaration, read from the controllers' metadata. */
function routes(): TRoute[] {
  const out: TRoute[] = [];
  for (const mod of t.app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const cls = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!cls) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, cls) ?? '');
      for (const name of Object.getOwnPropertyNames(cls.prototype)) {
        const handler = (cls.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (sub === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const path = `/api/${[base, sub].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/').replace(/\/$/, '');
        out.push({ method, path, of: campaignOfRoute(handler as never) });
      }
    }
  }
  return out;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

describe('a closed campaign is a record', () => {
  it('has every write route declare the campaign it changes (or none)', () => {
    const writes = routes().filter((r) => WRITES.has(r.method));
    expect(writes.length).toBeGreaterThan(30);
    expect(writes.filter((r) => r.of === undefined).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('refuses every write to it with 409, before reading the body, and changes nothing', async () => {
    const { campaignId } = t.fixture;
    const school = t.fixture.units.school;
    const coordinator = await t.as(school.coordinator);
    const nomination = await t.http
      .post(`/api/campaigns/${campaignId}/nominations`)
      .set(coordinator)
      .send({ kind: 'learningStar', name: '李老师' });
    expect(nomination.status).toBe(201);
    const session = await t.prisma.checkinSession.create({
      data: {
        campaignId,
        name: '主会场',
        venue: '春江镇',
        kind: 'main',
        qrSecret: 'closed-secret-0123456',
        opensAt: new Date('2017-10-25T00:00:00Z'),
        closesAt: new Date('2017-10-25T06:00:00Z'),
      },
    });
    await t.http
      .post(`/api/campaigns/${campaignId}/close`)
      .set(await t.as('organizer'))
      .send({ confirmOutstanding: true })
      .expect(200);

    const ids: Record<string, string> = {
      campaign: campaignId,
      participation: school.participationId,
      nomination: nomination.body.id as string,
      checkinSession: session.id,
    };
    const callers = await Promise.all(['organizer', 'approver', school.coordinator].map((u) => t.as(u)));
    const counts = () =>
      Promise.all([
        t.prisma.activity.count(),
        t.prisma.transition.count(),
        t.prisma.nomination.count(),
        t.prisma.checkinSession.count(),
        t.prisma.kioskDevice.count(),
        t.prisma.notification.count(),
      ]);
    const before = await counts();
    const declared = routes().filter((r) => WRITES.has(r.method) && r.of !== undefined && r.of !== 'none');
    expect(declared.length).toBeGreaterThan(20);
    const refusedBy: string[] = [];
    for (const r of declared) {
      const of = r.of === 'queryCampaignId' ? 'campaign' : r.of!;
      let url = r.path.replace(':id', ids[of]!).replace(/:\w+/g, randomUUID());
      if (r.of === 'queryCampaignId') url += `?campaignId=${campaignId}`;
      const answers = await Promise.all(callers.map((c) => t.http[r.method.toLowerCase() as 'post'](url).set(c).send({})));
      const statuses = answers.map((a) => a.status);
      expect(
        statuses.filter((s) => s < 300),
        `${r.method} ${r.path}: ${statuses.join(',')}`,
      ).toEqual([]);
      const closed = answers.find((a) => a.status === 409 && a.body.code === 'campaignClosed');
      expect(closed, `${r.method} ${r.path}: ${statuses.join(',')}`).toBeDefined();
      refusedBy.push(`${r.method} ${r.path}`);
    }
    expect(refusedBy).toEqual(
      expect.arrayContaining([
        'PUT /api/participations/:id/plan',
        'POST /api/participations/:id/photos',
        'POST /api/nominations/:id/events',
        'POST /api/campaigns/:id/checkin-sessions',
      ]),
    );
    expect(await counts()).toEqual(before);
    // and it says so in the caller's language
    const en = await t.http
      .put(`/api/participations/${school.participationId}/summary`)
      .set(coordinator)
      .set('Accept-Language', 'en')
      .send({ text: 'x', version: 1 });
    expect(en.body).toMatchObject({
      statusCode: 409,
      code: 'campaignClosed',
      message: 'This campaign is closed: it can be viewed but no longer changed',
    });
  });
});
