import { flushPromises, mount } from '@vue/test-utils';
import type { TCheckinPublic } from '@learnweek/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import PhoneCheckinView from '../src/checkin/PhoneCheckinView.vue';
import { chinaTime, checkedInHere, msUntilOpen, noticeOf, rememberCheckedIn } from '../src/checkin/phone-page';
import { unitsMatching } from '../src/checkin/units';
import { SESSION, venue as venueOf } from './venue';

/** 65 units across two towns: more than the old page's 30. */
const UNITS = Array.from({ length: 65 }, (_, i) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  name: `单位${i}`,
  town: i % 2 ? '春江镇' : '西夏墅镇',
}));
const venue = (over: Partial<TCheckinPublic> = {}) => venueOf(UNITS, over);
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

beforeEach(() => localStorage.clear());
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('what the phone page says before its form', () => {
  it('names the opening time (China time) and the other windows in residents’ words', () => {
    expect(chinaTime('2026-10-25T00:30:00.000Z')).toBe('10月25日 08:30');
    expect(noticeOf(venue())).toBeNull();
    expect(noticeOf(venue({ window: 'upcoming' }))!.text).toContain('10月25日 08:00 开始');
    expect(noticeOf(venue({ window: 'ended' }))!.title).toBe('本场签到已结束');
    expect(noticeOf(venue({ window: 'campaignClosed' }))!.title).toBe('本届推进周已圆满结束');
    // never the console's wording
    expect(JSON.stringify(noticeOf(venue({ window: 'campaignClosed' })))).not.toContain('归档');
    expect(msUntilOpen(venue({ opensAt: '2026-10-25T01:00:30.000Z' }))).toBe(30_000);
  });

  it('searches every unit, not the first 30', () => {
    expect(unitsMatching(UNITS, '')).toHaveLength(65);
    expect(unitsMatching(UNITS, '春江')).toHaveLength(32);
    expect(unitsMatching(UNITS, '单位64').map((u) => u.name)).toEqual(['单位64']);
  });

  it('keeps the names typed on this phone, and reads an earlier version’s mark', () => {
    expect(rememberCheckedIn(localStorage, SESSION, '王爸爸')).toEqual(['王爸爸']);
    expect(rememberCheckedIn(localStorage, SESSION, '王小宝')).toEqual(['王爸爸', '王小宝']);
    localStorage.setItem(`learnweek.checked.${SESSION}`, '2026-10-25T01:00:00.000Z');
    expect(checkedInHere(localStorage, SESSION)).toEqual(['本机']);
  });
});

describe('the phone page', () => {
  it('shows a clear page for a wrong or replaced QR, with no form and no unit list', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json(403, { statusCode: 403, code: 'checkinLinkInvalid', message: '签到二维码无效或已更换' })),
    );
    const w = mount(PhoneCheckinView, { props: { sessionId: SESSION, secret: 'old' } });
    await flushPromises();
    expect(w.get('[data-test=link-invalid]').text()).toContain('签到二维码无效或已更换');
    expect(w.find('[data-test=self-form]').exists()).toBe(false);
    expect(w.text()).not.toContain('0 个结果');
    expect(w.text()).not.toContain('没有权限');
  });

  it('before the opening shows when it opens instead of the form, and opens by itself on the server’s time', async () => {
    vi.useFakeTimers();
    const answers = [venue({ window: 'upcoming', now: '2026-10-24T23:59:00.000Z' }), venue()];
    const fetchMock = vi.fn(async () => json(200, answers.shift()));
    vi.stubGlobal('fetch', fetchMock);
    const w = mount(PhoneCheckinView, { props: { sessionId: SESSION, secret: 's' } });
    await flushPromises();
    expect(w.get('[data-test=notice]').text()).toContain('签到将于 10月25日 08:00 开始');
    expect(w.find('[data-test=self-form]').exists()).toBe(false);
    await vi.advanceTimersByTimeAsync(61_000);
    await flushPromises();
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(w.find('[data-test=self-form]').exists()).toBe(true);
    expect(w.get('label[for=unit-list]').text()).toBe('选择单位（共 65 个）');
    expect(document.title).toBe('主会场签到 · 2026年全民终身学习活动周');
  });

  it('checks in a family one after the other, listing only the names typed here', async () => {
    const posted: Record<string, unknown>[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        if (!init?.body) return json(200, venue());
        const body = JSON.parse(init.body as string) as Record<string, unknown>;
        posted.push(body);
        // The server's duplicate answer to a self check-in carries only what was sent.
        return json(posted.length === 1 ? 201 : 200, {
          duplicate: posted.length > 1,
          message: posted.length === 1 ? '签到成功' : '已签到，不会重复计数',
          checkin: {
            id: SESSION,
            sessionId: SESSION,
            name: body.name,
            unitId: null,
            isResident: true,
            source: 'self',
            at: '2026-10-25T01:00:00.000Z',
          },
        });
      }),
    );
    const w = mount(PhoneCheckinView, { props: { sessionId: SESSION, secret: 's' } });
    await flushPromises();
    await w.get('[data-test=name]').setValue('王爸爸');
    await w.get('[data-test=resident]').setValue(true);
    await w.get('[data-test=self-form]').trigger('submit');
    await flushPromises();
    expect(w.get('[data-test=checked-names]').text()).toBe('本机已签到：王爸爸');
    expect(w.find('[data-test=self-form]').exists()).toBe(false);
    await w.get('[data-test=add-person]').trigger('click');
    await w.get('[data-test=name]').setValue('王小宝');
    await w.get('[data-test=resident]').setValue(true);
    await w.get('[data-test=self-form]').trigger('submit');
    await flushPromises();
    expect(w.get('[data-test=checked-names]').text()).toBe('本机已签到：王爸爸、王小宝');
    expect(w.get('[data-test=message]').text()).toBe('王小宝：已签到，不会重复计数');
    // one device, a fresh key per person
    expect(posted[0]!.deviceKey).toBe(posted[1]!.deviceKey);
    expect(posted[0]!.idempotencyKey).not.toBe(posted[1]!.idempotencyKey);
  });
});
