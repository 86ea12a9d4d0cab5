import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryStore } from './memory-store';
import { SESSION } from './venue';

// happy-dom has no IndexedDB: the desk keeps its queue and lists in memory here.
vi.mock('../src/checkin/queue', async (original) => ({
  ...(await original<typeof import('../src/checkin/queue')>()),
  indexedDbStore: () => new MemoryStore(),
}));
const { default: CheckinView } = await import('../src/checkin/CheckinView.vue');

const UNIT = { id: '00000000-0000-4000-8000-000000000001', name: '春江中学', town: '春江镇' };
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** The API as the desk sees it; `checkinStatus` answers the next check-ins. */
function fakeApi() {
  const posted: Record<string, unknown>[] = [];
  const api = { posted, checkinStatus: 201 };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      if (url.endsWith('/auth/login')) return json(200, { accessToken: 'staff-token', expiresAt: '2026-10-25T09:00:00.000Z' });
      if (url.endsWith('/public'))
        return json(200, { sessionId: SESSION, name: '主会场', venue: '春江镇社区教育中心', campaignTitle: '推进周', units: [UNIT] });
      if (url.endsWith('/attendees'))
        return json(200, {
          items: [{ id: UNIT.id, code: 'A0001', name: '王建国', unitName: '春江中学', phoneTail: '0001', checkedInAt: null }],
        });
      const body = JSON.parse(init!.body as string) as Record<string, unknown>;
      posted.push(body);
      if (api.checkinStatus === 401) return json(401, { statusCode: 401, code: 'unauthorized', message: '请重新登录' });
      return json(201, { message: '签到成功', duplicate: false });
    }),
  );
  return api;
}

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});
afterEach(() => vi.unstubAllGlobals());

describe('the staff desk', () => {
  it('signs in, checks in from the list, registers a walk-in, and keeps what waits when the sign-in ends', async () => {
    const api = fakeApi();
    const w = mount(CheckinView, { props: { sessionId: SESSION }, attachTo: document.body });
    await flushPromises();
    await w.get('[data-test=staff-username]').setValue('staff');
    await w.get('[data-test=staff-password]').setValue('secret');
    await w.get('[data-test=staff-login]').trigger('submit');
    await flushPromises();
    expect(w.get('.venue').text()).toBe('主会场 · 春江镇社区教育中心');

    await w.get('[data-test=search]').setValue('王');
    await w.get('[data-test=checkin-A0001]').trigger('click');
    await flushPromises();
    expect(w.get('[data-test=message]').text()).toBe('王建国：签到成功');
    expect(api.posted[0]).toMatchObject({ name: '王建国', attendeeId: UNIT.id });
    // the list knows it: a scan of the same code is not sent again
    await w.get('[data-test=search]').setValue('A0001');
    expect(w.get('[data-test=matches]').text()).toContain('已签到');
    await w.get('[data-test=scan]').setValue('nope');
    await w.get('[data-test=scan]').trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(w.get('[data-test=error]').text()).toBe('无效的签到码：NOPE');

    api.checkinStatus = 401;
    await w.get('[data-test=walk-in-open]').trigger('click');
    await w.get('[data-test=walk-in-name]').setValue('赵大爷');
    await w.get('[data-test=walk-in-resident]').setValue(true);
    await w.get('[data-test=walk-in]').trigger('submit');
    await flushPromises();
    expect(api.posted[1]).toMatchObject({ name: '赵大爷' });
    expect(w.get('[data-test=sign-in-again]').text()).toBe('登录已过期，请重新登录');
    expect(w.get('[data-test=pending-signed-out]').text()).toContain('待同步 1 人');
    expect(sessionStorage.getItem('learnweek.staff')).toBeNull();

    // signed in again, what waited goes with the new sign-in
    api.checkinStatus = 201;
    await w.get('[data-test=staff-username]').setValue('staff');
    await w.get('[data-test=staff-password]').setValue('secret');
    await w.get('[data-test=staff-login]').trigger('submit');
    await flushPromises();
    expect(api.posted).toHaveLength(3);
    expect(api.posted[2]!.idempotencyKey).toBe(api.posted[1]!.idempotencyKey);
    expect(w.find('[data-test=pending]').exists()).toBe(false);
    w.unmount();
  });
});
