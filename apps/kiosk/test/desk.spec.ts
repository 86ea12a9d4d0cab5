import { createApi } from '@learnweek/client';
import type { TAttendee, TCreateCheckinRequest } from '@learnweek/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { effectScope, ref } from 'vue';
import type { TQueued, TSendResult } from '../src/checkin/queue';
import UnitPicker from '../src/checkin/UnitPicker.vue';
import { useDeskList } from '../src/checkin/use-desk-list';
import { useDeskQueue } from '../src/checkin/use-desk-queue';
import WalkInForm from '../src/checkin/WalkInForm.vue';
import { MemoryStore } from './memory-store';
import { SESSION, venue } from './venue';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const UNITS = [
  { id: id(1), name: '春江中学', town: '春江镇' },
  { id: id(2), name: '西夏墅社区教育中心', town: '西夏墅镇' },
  { id: id(3), name: '春江图书馆', town: '春江镇' },
];

afterEach(() => vi.useRealTimers());

/** The desk's queue in a scope of its own (a component's, in the page), on a hand-moved clock. */
function deskQueue(send: (body: TCreateCheckinRequest) => Promise<TSendResult>, signedIn = () => true) {
  const clock = { t: Date.parse('2026-10-25T01:00:00Z') };
  const taken: TQueued[] = [];
  const messages: string[] = [];
  const scope = effectScope();
  const q = scope.run(() =>
    useDeskQueue({
      sessionId: SESSION,
      store: new MemoryStore(),
      send,
      signedIn,
      onTaken: (t) => void taken.push(...t),
      onMessage: (m) => void messages.push(m),
      online: ref(true),
      now: () => clock.t,
    }),
  )!;
  return { q, clock, taken, messages, scope };
}

describe('the desk’s queue (useDeskQueue)', () => {
  it('keeps a check-in while no answer comes, says the desk is offline, and sends it once the network is back', async () => {
    vi.useFakeTimers();
    let network = false;
    const sent: string[] = [];
    const { q, taken, messages, scope } = deskQueue(async (b) => {
      if (!network) return { kind: 'retry' };
      sent.push(b.idempotencyKey);
      return { kind: 'done', message: `${b.name}：签到成功` };
    });
    await q.open(localStorage);
    await q.enqueue({ name: '王建国', attendeeId: id(9) });
    expect(q.pending.value.map((p) => p.body.name)).toEqual(['王建国']);
    expect(q.online.value).toBe(false);
    expect(q.lastSyncAt()).toBeUndefined();
    network = true;
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(q.pending.value).toEqual([]));
    expect(sent).toHaveLength(1);
    expect(taken.map((t) => t.body.attendeeId)).toEqual([id(9)]);
    expect(messages).toEqual(['王建国：签到成功']);
    expect(q.online.value).toBe(true);
    expect(q.lastSyncAt()).toBeDefined();
    scope.stop();
  });

  it('retries by itself while anything waits, no sooner than the backoff', async () => {
    vi.useFakeTimers();
    const answers: TSendResult[] = [{ kind: 'retry' }, { kind: 'done', message: 'ok' }];
    const send = vi.fn(async () => answers.shift()!);
    const { q, clock, scope } = deskQueue(send);
    await q.open(localStorage);
    await q.enqueue({ name: '甲' });
    expect(send).toHaveBeenCalledTimes(1);
    // within the first backoff (1 s by the queue's clock) the timer does not send
    await vi.advanceTimersByTimeAsync(1_000);
    expect(send).toHaveBeenCalledTimes(1);
    clock.t += 1_000;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(send).toHaveBeenCalledTimes(2);
    expect(q.pending.value).toEqual([]);
    scope.stop();
  });

  it('sends nothing while signed out, and lists what the server refused until it is dismissed', async () => {
    let signedIn = false;
    const { q, scope } = deskQueue(
      async () => ({ kind: 'refused', status: 409, message: '签到已结束' }),
      () => signedIn,
    );
    await q.enqueue({ name: '乙' });
    expect(q.pending.value).toHaveLength(1);
    signedIn = true;
    await q.syncNow();
    expect(q.pending.value).toEqual([]);
    expect(q.refused.value.map((r) => [r.body.name, r.reason])).toEqual([['乙', '签到已结束']]);
    await q.dismiss(q.refused.value[0]!.body.idempotencyKey);
    expect(q.refused.value).toEqual([]);
    scope.stop();
  });

  it('stops listening with its scope', async () => {
    const send = vi.fn(async (): Promise<TSendResult> => ({ kind: 'retry' }));
    const { q, scope } = deskQueue(send);
    await q.enqueue({ name: '丙' });
    scope.stop();
    window.dispatchEvent(new Event('online'));
    await flushPromises();
    expect(send).toHaveBeenCalledTimes(1);
  });
});

describe('the desk’s list (useDeskList)', () => {
  const attendee = (n: number, over: Partial<TAttendee> = {}): TAttendee => ({
    id: id(n),
    code: `A000${n}`,
    name: `来宾${n}`,
    unitName: null,
    phoneTail: `100${n}`,
    checkedInAt: null,
    ...over,
  });

  it('keeps what it read for a reload without the network, searches it, and marks the ones the server took', async () => {
    let network = true;
    const items = [
      attendee(1, { name: '王建国' }),
      attendee(2, { name: '李秀英' }),
      attendee(3, { checkedInAt: '2026-10-25T00:30:00.000Z' }),
    ];
    const fetchFake = (async (url: string) => {
      if (!network) throw new TypeError('Failed to fetch');
      const body = url.endsWith('/public') ? venue(UNITS) : { items };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
    }) as unknown as typeof fetch;
    const store = new MemoryStore();
    const pending = ref<TQueued[]>([]);
    const desk = () => useDeskList({ sessionId: SESSION, api: createApi({ fetch: fetchFake }), store, online: ref(true), pending });

    const first = desk();
    await Promise.all([first.loadInfo(), first.loadAttendees()]);
    expect(first.info.value?.name).toBe('主会场');
    first.search.value = '王';
    expect(first.matches.value.map((a) => a.name)).toEqual(['王建国']);
    first.search.value = 'a0002';
    expect(first.matches.value.map((a) => a.name)).toEqual(['李秀英']);
    first.search.value = '1003';
    expect(first.matches.value.map((a) => a.code)).toEqual(['A0003']);
    // a check-in waiting in the queue counts as arrived; one the server took is arrived at its scan
    pending.value = [{ body: { name: '李秀英', attendeeId: id(2), idempotencyKey: 'k-0002-0000' }, queuedAt: 'x', attempts: 0 }];
    expect([1, 2, 3].map((n) => first.arrived(first.byCode(`A000${n}`)!))).toEqual([false, true, true]);
    await first.markTaken([
      {
        body: { name: '王建国', attendeeId: id(1), idempotencyKey: 'k-0001-0000', scannedAt: '2026-10-25T01:02:00.000Z' },
        queuedAt: 'x',
        attempts: 0,
      },
    ]);
    expect(first.byCode('A0001')!.checkedInAt).toBe('2026-10-25T01:02:00.000Z');

    // a reload without the network: the venue and the list as the desk kept them, the mark included
    network = false;
    const online = ref(true);
    const again = useDeskList({ sessionId: SESSION, api: createApi({ fetch: fetchFake }), store, online, pending });
    await Promise.all([again.loadInfo(), again.loadAttendees()]);
    expect(online.value).toBe(false);
    expect(again.info.value?.units).toHaveLength(3);
    expect(again.byCode('A0001')!.checkedInAt).toBe('2026-10-25T01:02:00.000Z');
  });
});

describe('the unit picker', () => {
  it('lists every unit, then those whose name or town holds the search, and picks one', async () => {
    const w = mount(UnitPicker, { props: { units: UNITS, modelValue: '', query: '', testId: 'walk-in-unit' } });
    expect(w.get('label[for=walk-in-unit-list]').text()).toBe('选择单位（共 3 个）');
    await w.get('[data-test=walk-in-unit-search]').setValue('春江');
    expect(w.emitted('update:query')).toEqual([['春江']]);
    await w.setProps({ query: '春江' });
    expect(w.get('label[for=walk-in-unit-list]').text()).toBe('选择单位（找到 2 个）');
    expect(w.findAll('option').map((o) => o.text())).toEqual(['春江中学（春江镇）', '春江图书馆（春江镇）']);
    await w.get('[data-test=walk-in-unit]').setValue(id(3));
    expect(w.emitted('update:modelValue')).toEqual([[id(3)]]);
  });
});

describe('the walk-in form', () => {
  it('names what is missing under its field, then registers a unit’s member and clears itself', async () => {
    const w = mount(WalkInForm, { props: { units: UNITS } });
    await w.get('[data-test=walk-in-open]').trigger('click');
    await w.get('[data-test=walk-in]').trigger('submit');
    expect(w.get('[data-test=walk-in-error-name]').text()).toBe('请填写姓名');
    expect(w.get('[data-test=walk-in-error-unitId]').text()).toBe('请选择单位，或勾选“居民”');
    await w.get('[data-test=walk-in-name]').setValue(' 王建国 ');
    await w.get('[data-test=walk-in-unit-search]').setValue('西夏墅');
    await w.get('[data-test=walk-in-unit]').setValue(id(2));
    await w.get('[data-test=walk-in-phone]').setValue('123');
    await w.get('[data-test=walk-in]').trigger('submit');
    expect(w.get('[data-test=walk-in-error-phone]').text()).toContain('请输入有效的手机号');
    expect(w.emitted('register')).toBeUndefined();
    await w.get('[data-test=walk-in-phone]').setValue('');
    await w.get('[data-test=walk-in]').trigger('submit');
    expect(w.emitted('register')).toEqual([[{ name: '王建国', unitId: id(2) }]]);
    expect((w.get('[data-test=walk-in-name]').element as HTMLInputElement).value).toBe('');
    expect((w.get('[data-test=walk-in-unit-search]').element as HTMLInputElement).value).toBe('');
    expect(w.find('[data-test=walk-in-error-name]').exists()).toBe(false);
  });

  it('registers a resident without a unit', async () => {
    const w = mount(WalkInForm, { props: { units: UNITS } });
    await w.get('[data-test=walk-in-open]').trigger('click');
    await w.get('[data-test=walk-in-name]').setValue('赵大爷');
    await w.get('[data-test=walk-in-resident]').setValue(true);
    expect(w.find('[data-test=walk-in-unit]').exists()).toBe(false);
    await w.get('[data-test=walk-in-phone]').setValue('139 1234 0000');
    await w.get('[data-test=walk-in]').trigger('submit');
    expect(w.emitted('register')).toEqual([[{ name: '赵大爷', phone: '139 1234 0000' }]]);
  });
});
