import type { TBackupRun, TBackupStatus } from '@learnweek/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../src/locales';
import { useSessionStore } from '../src/stores/session';
import OperationsPage from '../src/views/operations/backups/index.vue';
import { fakeApi, organizer } from './fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const run = (over: Partial<TBackupRun> = {}): TBackupRun => ({
  id: '00000000-0000-4000-8000-000000000901',
  startedAt: '2026-12-06T18:00:00.000Z',
  finishedAt: '2026-12-06T18:00:20.000Z',
  ok: true,
  location: '/srv/backups/learnweek-backup-20261206T180000Z',
  migration: '20261209600000_backup_runs',
  rows: 12_345,
  files: 30,
  error: null,
  drillAt: '2026-12-06T18:01:00.000Z',
  drillOk: true,
  drillProblems: [],
  ...over,
});

function mountPage(status: TBackupStatus) {
  fakeApi({ 'GET /api/operations/backups': () => ({ body: status }) });
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().user = organizer;
  return mount(OperationsPage, { global: { plugins: [pinia, createAppI18n('zh-CN'), ElementPlus] } });
}

const base: TBackupStatus = {
  scheduled: true,
  cron: '0 2 * * *',
  encrypted: true,
  nextAt: '2026-12-07T18:00:00.000Z',
  lastBackup: run(),
  lastDrill: run(),
  lastGoodAt: '2026-12-06T18:00:00.000Z',
  ageSeconds: 3 * 3600,
  alerts: [],
};

describe('the backups panel of the console', () => {
  it('shows the last backup and the last drill, proven', async () => {
    const wrapper = mountPage(base);
    await flushPromises();
    expect(wrapper.get('[data-test=last-backup]').text()).toContain('完成：12345 行数据，30 个文件');
    expect(wrapper.get('[data-test=last-drill]').text()).toContain('通过');
    expect(wrapper.get('[data-test=last-good]').text()).toContain('3 小时前');
    expect(wrapper.find('[data-test=alert-drillFailed]').exists()).toBe(false);
  });

  it('says what needs the organizer: a failed drill with its problems, an old backup', async () => {
    const failed = run({ drillOk: false, drillProblems: ['database.dump: SHA-256 differs from the manifest'] });
    const wrapper = mountPage({
      ...base,
      lastBackup: failed,
      lastDrill: failed,
      lastGoodAt: null,
      ageSeconds: null,
      alerts: ['drillFailed', 'stale'],
    });
    await flushPromises();
    expect(wrapper.get('[data-test=alert-drillFailed]').text()).toContain('最近一次恢复演练失败');
    expect(wrapper.get('[data-test=alert-stale]').text()).toContain('超过 26 小时没有可用的备份');
    expect(wrapper.get('[data-test=last-drill]').text()).toContain('database.dump: SHA-256 differs from the manifest');
  });

  it('warns when no backups are scheduled', async () => {
    const wrapper = mountPage({
      ...base,
      scheduled: false,
      nextAt: null,
      lastBackup: null,
      lastDrill: null,
      lastGoodAt: null,
      ageSeconds: null,
    });
    await flushPromises();
    expect(wrapper.get('[data-test=not-scheduled]').text()).toContain('未设置 BACKUP_DIR');
  });
});
