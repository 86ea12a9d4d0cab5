import type { TCheckinSession, TKioskDevice } from '@learnweek/contracts';
import { DOMWrapper, flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../src/locales';
import { useSessionStore } from '../src/stores/session';
import ControlRoom from '../src/views/campaign/checkin/ControlRoom.vue';
import { campaign2026, fakeApi, organizer } from './fixtures';

// The QR is drawn on a canvas the test DOM does not have: what the page encodes is what matters.
const encoded: string[] = [];
vi.mock('qrcode', () => ({
  default: { toDataURL: (text: string) => (encoded.push(text), Promise.resolve('data:image/png;base64,AAAA')) },
}));

afterEach(() => {
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const session = (n: number, kind: 'main' | 'sub', name: string, venue: string): TCheckinSession => ({
  id: uuid(n),
  campaignId: campaign2026.id,
  name,
  venue,
  kind,
  opensAt: '2026-12-22T00:00:00.000Z',
  closesAt: '2026-12-22T04:00:00.000Z',
  selfCheckinPath: `/kiosk/checkin/${uuid(n)}?s=x`,
});
const SESSIONS = [session(1, 'main', '主会场', '区文化馆'), session(2, 'sub', '孟河分会场', '孟河镇文化站')];
const device = (over: Partial<TKioskDevice>): TKioskDevice => ({
  id: uuid(10),
  kind: 'screen',
  name: '主会场大屏',
  sessionId: SESSIONS[0]!.id,
  venue: '区文化馆',
  createdAt: '2026-12-21T08:00:00.000Z',
  expiresAt: null,
  revokedAt: null,
  online: true,
  lastSeenAt: '2026-12-22T00:30:00.000Z',
  queueLength: null,
  lastSyncAt: null,
  version: '0.1.0',
  ...over,
});

function mountRoom() {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().user = organizer;
  return mount(ControlRoom, {
    props: { campaignId: campaign2026.id, sessions: SESSIONS },
    attachTo: document.body,
    global: { plugins: [pinia, createAppI18n('zh-CN'), ElementPlus] },
  });
}

describe('the ceremony control room', () => {
  it('shows every screen and desk with its venue, online or offline, a desk’s queue and last sync, and the version', async () => {
    fakeApi({
      [`GET /api/campaigns/${campaign2026.id}/kiosk-devices`]: () => ({
        body: {
          items: [
            device({}),
            device({
              id: uuid(11),
              name: '孟河大屏',
              sessionId: SESSIONS[1]!.id,
              venue: '孟河镇文化站',
              online: false,
              lastSeenAt: null,
              version: null,
            }),
            device({
              id: uuid(12),
              kind: 'desk',
              name: '孟河签到台 1',
              sessionId: SESSIONS[1]!.id,
              venue: '孟河镇文化站',
              queueLength: 3,
              lastSyncAt: '2026-12-22T00:29:00.000Z',
              expiresAt: '2026-12-23T04:00:00.000Z',
            }),
            device({ id: uuid(13), name: '旧大屏', revokedAt: '2026-12-21T09:00:00.000Z', online: false }),
          ],
        },
      }),
    });
    const wrapper = mountRoom();
    await flushPromises();
    const rows = wrapper.findAll('[data-test=devices] .el-table__body tr').map((r) => r.text());
    expect(rows).toHaveLength(3); // the revoked one only on request
    expect(rows[0]).toContain('大屏');
    expect(rows[0]).toContain('区文化馆');
    expect(wrapper.get('[data-test="status-主会场大屏"]').text()).toBe('在线');
    expect(wrapper.get('[data-test="status-孟河大屏"]').text()).toBe('离线');
    expect(rows[1]).toContain('从未上线');
    expect(rows[2]).toContain('签到台');
    expect(rows[2]).toContain('3 人');
    expect(rows[2]).toContain('0.1.0');
    expect(wrapper.get('[data-test=online-count]').text()).toBe('2 台在线');
    expect(wrapper.get('[data-test=offline-count]').text()).toBe('1 台离线');
  });

  it('issues a desk link for a venue and shows its link and QR once', async () => {
    const issuedDevice = device({
      id: uuid(20),
      kind: 'desk',
      name: '孟河分会场签到台 1',
      sessionId: SESSIONS[1]!.id,
      venue: '孟河镇文化站',
      online: false,
      lastSeenAt: null,
    });
    const url = `https://learnweek.example.cn/kiosk/checkin/${SESSIONS[1]!.id}?d=desk_abc`;
    const { calls } = fakeApi({
      [`GET /api/campaigns/${campaign2026.id}/kiosk-devices`]: () => ({ body: { items: [] } }),
      [`POST /api/campaigns/${campaign2026.id}/kiosk-devices`]: () => ({
        status: 201,
        body: { device: issuedDevice, token: 'desk_abc', wallPath: `/kiosk/checkin/${SESSIONS[1]!.id}?d=desk_abc`, url },
      }),
    });
    const wrapper = mountRoom();
    await flushPromises();
    expect(wrapper.text()).toContain('还没有大屏或签到台');
    await wrapper.get('[data-test=issue-desk]').trigger('click');
    await flushPromises();
    // The main venue is chosen first; the organizer picks the sub-venue.
    // The dialog is teleported to the body.
    const dialog = new DOMWrapper(document.body);
    await dialog.get('[data-test="issue-venue-sub-孟河分会场"] input').setValue(true);
    await flushPromises();
    expect((dialog.get('input[data-test=issue-name]').element as HTMLInputElement).value).toBe('孟河分会场签到台 1');
    await dialog.get('.el-dialog form').trigger('submit');
    await flushPromises();
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
      { kind: 'desk', name: '孟河分会场签到台 1', sessionId: SESSIONS[1]!.id },
    ]);
    expect((wrapper.get('input[data-test=issued-url]').element as HTMLInputElement).value).toBe(url);
    expect(wrapper.get('[data-test=issued]').text()).toContain('签到台链接 · 孟河分会场签到台 1（孟河镇文化站）');
    expect(wrapper.find('[data-test=issued-qr]').exists()).toBe(true);
    expect(encoded).toEqual([url]);
  });
});
