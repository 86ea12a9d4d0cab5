import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { checkResponse, type TBody, type TParams, type TQuery, type TResponse } from './common/endpoint.js';
import type { TListParticipationsQuery } from './participation/participation.contract.js';
import type { TSavedPlan, TUpdatePlanRequest } from './participation/plan.contract.js';
import { API_ROUTES, ROUTES } from './routes.js';

describe('the route declarations', () => {
  it('declare each method and path once, every one of them in the flat list', () => {
    const keys = API_ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(Object.values(ROUTES).reduce((n, group) => n + Object.keys(group).length, 0));
  });

  it('say which campaign every write changes, and no read does', () => {
    for (const r of API_ROUTES) {
      const at = `${r.method} ${r.path}`;
      expect(r.writes === undefined, at).toBe(r.method === 'get');
      // The guard finds the campaign through the route's `:id` or `?campaignId=`.
      if (r.writes === 'queryCampaignId')
        expect(r.query?.safeParse({ campaignId: '00000000-0000-4000-8000-000000000000' }).success, at).toBe(true);
      else if (r.writes !== undefined && r.writes !== 'none') expect(r.path, at).toMatch(/\/:id(\/|$|\.)/);
    }
  });

  it('name roles only where a signed-in user is needed, and never none of them', () => {
    for (const r of API_ROUTES) {
      if (r.access === 'public') expect(r.roles, `${r.method} ${r.path}`).toBeUndefined();
      if (r.roles) expect(r.roles.length, `${r.method} ${r.path}`).toBeGreaterThan(0);
    }
  });

  it('give each route one kind of body and one kind of answer', () => {
    for (const r of API_ROUTES) {
      const at = `${r.method} ${r.path}`;
      expect(r.body !== undefined && r.upload !== undefined, at).toBe(false);
      expect(r.response !== undefined && r.produces !== undefined, at).toBe(false);
      if (r.status === 204) expect(r.response, at).toBeUndefined();
      if (r.method === 'get') expect(r.body ?? r.upload, at).toBeUndefined();
    }
  });

  it('have every edit that answers a stale version with the current value require the version it was made from', () => {
    const edits = API_ROUTES.filter((r) => r.conflict !== undefined && r.upload === undefined);
    expect(edits.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'put /campaigns/:id',
      'put /nominations/:id',
      'put /participations/:id/activities/:activityId',
      'put /participations/:id/plan',
      'put /participations/:id/summary',
    ]);
    for (const r of edits) {
      const at = `${r.method} ${r.path}`;
      expect(r.body!.safeParse({}).success, at).toBe(false);
      const missing = r.body!.safeParse({});
      expect(
        missing.error?.issues.map((i) => i.path.join('.')),
        at,
      ).toContain('version');
      // What a 409 carries is what a read of the value gives.
      expect(r.conflict, at).toBe(r.response);
    }
  });

  it('have every import that asks first take its preview’s token, a stale one answered with the new preview', () => {
    const imports = API_ROUTES.filter((r) => r.conflict !== undefined && r.upload !== undefined);
    expect(imports.map((r) => `${r.method} ${r.path}`).sort()).toEqual(['post /participations/:id/activities.xlsx', 'post /units.xlsx']);
    for (const r of imports) {
      const at = `${r.method} ${r.path}`;
      const preview = API_ROUTES.find((p) => p.method === 'post' && p.path === `${r.path}/preview`);
      expect(preview?.response, at).toBe(r.conflict);
      expect(r.query!.safeParse({ confirm: 'a'.repeat(64) }).success, at).toBe(true);
      expect(r.query!.safeParse({ confirm: 'not a token' }).success, at).toBe(false);
    }
  });

  it('keep the literal types a client and a handler derive theirs from', () => {
    const route = ROUTES.participations.updateActivity;
    expectTypeOf(route.method).toEqualTypeOf<'put'>();
    expectTypeOf(route.path).toEqualTypeOf<'/participations/:id/activities/:activityId'>();
    expectTypeOf(ROUTES.checkin.sessions.roles).toEqualTypeOf<readonly ['organizer', 'checkinStaff']>();
    expectTypeOf<TParams<typeof route>>().toEqualTypeOf<{ id: string; activityId: string }>();
    expectTypeOf<TParams<typeof ROUTES.console.exportSchedule>>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<TParams<typeof ROUTES.auth.login>>().toEqualTypeOf<{}>(); // eslint-disable-line @typescript-eslint/no-empty-object-type -- no parameters
    expectTypeOf<TBody<typeof ROUTES.participations.updatePlan>>().toEqualTypeOf<z.input<typeof ROUTES.participations.updatePlan.body>>();
    expectTypeOf<TBody<typeof ROUTES.participations.updatePlan, 'output'>>().toEqualTypeOf<TUpdatePlanRequest>();
    expectTypeOf<TQuery<typeof ROUTES.participations.list>>().toEqualTypeOf<TListParticipationsQuery>();
    expectTypeOf<TQuery<typeof ROUTES.participations.list, 'output'>['late']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<TQuery<typeof ROUTES.campaigns.detail>>().toBeNever();
    expectTypeOf<TResponse<typeof ROUTES.participations.updatePlan>>().toEqualTypeOf<TSavedPlan>();
    expectTypeOf<TResponse<typeof ROUTES.participations.deleteActivity>>().toEqualTypeOf<undefined>();
    expectTypeOf<TResponse<typeof ROUTES.console.exportStatus>>().toEqualTypeOf<Blob>();
  });
});

describe('checkResponse', () => {
  const route = ROUTES.notifications.profile;
  const profile = { username: 'wang', displayName: '王老师', email: 'a@example.com', locale: 'zh-CN', emailEnabled: true };

  it('takes an answer that matches its declaration', () => {
    expect(() => checkResponse(route, 200, profile)).not.toThrow();
    expect(() => checkResponse(ROUTES.notifications.read, 204, undefined)).not.toThrow();
    expect(() => checkResponse(route, 403, { statusCode: 403, code: 'forbidden', message: '无权操作' })).not.toThrow();
  });

  it('checks the current value a stale edit’s 409 carries', () => {
    const plan = ROUTES.participations.updatePlan;
    const current = {
      participationId: '3f0e4a52-7c1b-4d2e-9a8f-1b2c3d4e5f60',
      leadingBody: '',
      budgetNote: '',
      publicity: '',
      text: '方案',
      version: 2,
      revision: 1,
      updatedAt: null,
    };
    const stale = { statusCode: 409, code: 'staleVersion', message: '数据已被他人修改，请刷新后重试' };
    expect(() => checkResponse(plan, 409, { ...stale, current })).not.toThrow();
    expect(() => checkResponse(plan, 409, { ...stale, current: { ...current, version: 'x' } })).toThrow(/current\.version/);
    expect(() => checkResponse(plan, 409, stale)).toThrow(/current/);
    expect(() => checkResponse(plan, 409, { statusCode: 409, code: 'notEditable', message: '当前状态下不能修改' })).not.toThrow();
  });

  it('names the route and the mismatch otherwise', () => {
    expect(() => checkResponse(route, 201, profile)).toThrow('GET /profile → 201: the declaration says 200');
    expect(() => checkResponse(route, 200, { ...profile, email: 3 })).toThrow(
      /GET \/profile → 200: the body does not match its schema: email /,
    );
    expect(() => checkResponse(route, 404, { message: 'gone' })).toThrow(/statusCode/);
    expect(() => checkResponse(ROUTES.checkin.checkIn, 200, {})).toThrow(
      /POST \/checkin-sessions\/:id\/checkins → 200: the body does not match/,
    );
  });
});
