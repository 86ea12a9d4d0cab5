import type { TSignInThrottle } from '@learnweek/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { ElMessage } from 'element-plus';
import { afterEach, describe, expect, it, vi } from 'vitest';
import SignInThrottles from '../src/views/units/list/SignInThrottles.vue';
import { consolePlugins, fakeApi, organizer } from './fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  localStorage.clear();
});

const THROTTLES: TSignInThrottle[] = [
  { kind: 'pair', username: 'staff', address: '203.0.113.9', failures: 7, until: '2026-12-07T02:05:00.000Z', slowed: false },
  { kind: 'account', username: 'staff', address: null, failures: 12, until: null, slowed: true },
  { kind: 'address', username: null, address: '203.0.113.9', failures: 31, until: '2026-12-07T02:01:00.000Z', slowed: false },
];

describe('登录保护', () => {
  it('lists each throttle with what it does, and clears an account’s or an address’s with the row’s button, then reloads', async () => {
    const success = vi.spyOn(ElMessage, 'success');
    let items = THROTTLES;
    const { calls } = fakeApi({
      'GET /api/auth/throttles': () => ({ body: { items } }),
      'POST /api/auth/throttles/clear': () => {
        items = items.slice(2);
        return { body: { cleared: 3 } };
      },
    });
    const wrapper = mount(SignInThrottles, { global: { plugins: consolePlugins(organizer) } });
    await flushPromises();
    const rows = wrapper.findAll('[data-test=throttles] tbody tr');
    expect(
      rows.map((r) =>
        r
          .findAll('td')
          .map((c) => c.text())
          .slice(0, 5),
      ),
    ).toEqual([
      ['该地址登录该账号', 'staff', '203.0.113.9', '7', '须等待至 2026/12/07 10:05'],
      ['该账号（所有地址）', 'staff', '—', '12', '受到攻击，已放慢'],
      ['该地址（所有账号）', '—', '203.0.113.9', '31', '须等待至 2026/12/07 10:01'],
    ]);
    await rows[0]!.get('[data-test=throttle-clear]').trigger('click');
    await flushPromises();
    expect(calls.find((c) => c.method === 'POST')).toMatchObject({ body: { username: 'staff' } });
    expect(success).toHaveBeenCalledWith('已解除（3 项）');
    expect(wrapper.findAll('[data-test=throttles] tbody tr')).toHaveLength(1);
    await wrapper.findAll('[data-test=throttles] tbody tr')[0]!.get('[data-test=throttle-clear]').trigger('click');
    await flushPromises();
    expect(calls.filter((c) => c.method === 'POST').at(-1)).toMatchObject({ body: { address: '203.0.113.9' } });
  });
});
