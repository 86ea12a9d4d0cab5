import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock/clock.js';
import { BackupService } from '../src/modules/operations/backup.service.js';
import { setup } from './harness.js';

const HOUR = 3_600_000;
const out = mkdtempSync(path.join(os.tmpdir(), 'lw-scheduled-'));
// 01:00 China time: the default schedule (daily 02:00) is an hour away.
const clock = new ManualClock(new Date('2026-12-06T17:00:00Z'));
let t: Awaited<ReturnType<typeof setup>>;
let backups: BackupService;

beforeAll(async () => {
  t = await setup({ clock, env: { BACKUP_DIR: out, SMTP_URL: 'smtp://127.0.0.1:4161', PUBLIC_URL: 'http://127.0.0.1:4160' } });
  await t.prisma.user.update({ where: { username: 'organizer' }, data: { email: 'organizer@example.cn' } });
  backups = t.app.get(BackupService);
});
afterAll(async () => {
  await t?.teardown();
  rmSync(out, { recursive: true, force: true });
});

const alerts = (kind: string) => t.prisma.notification.findMany({ where: { kind: `backup.${kind}` }, include: { email: true } });
const status = async (username = 'organizer') => t.http.get('/api/operations/backups').set(await t.as(username));

describe('the scheduled backup, its restore drill and the alerts', () => {
  it('runs at 02:00 China time, proves the backup by restoring it, and the console shows both', async () => {
    await backups.tick();
    expect(readdirSync(out)).toEqual([]);
    clock.set('2026-12-06T18:00:00Z');
    await backups.tick();
    expect(readdirSync(out)).toEqual(['learnweek-backup-20261206T180000Z']);
    const r = await status();
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      scheduled: true,
      cron: '0 2 * * *',
      nextAt: '2026-12-07T18:00:00.000Z',
      lastGoodAt: '2026-12-06T18:00:00.000Z',
      ageSeconds: 0,
      alerts: [],
      lastBackup: { ok: true, drillOk: true, drillProblems: [] },
    });
    expect(r.body.lastBackup.rows).toBeGreaterThan(0);
    expect(r.body.lastDrill.id).toBe(r.body.lastBackup.id);
    // Only the organizers see it.
    expect((await status('approver')).status).toBe(403);
    // Not due again within the day.
    clock.advance(HOUR);
    await backups.tick();
    expect(readdirSync(out)).toHaveLength(1);
  }, 300_000);

  it('alerts in the app and by e-mail when a drill finds the backup corrupted', async () => {
    // A backup of its own (between the scheduled ones), proven good, then damaged on disk.
    const goodBefore = ((await status()).body as { lastGoodAt: string | null }).lastGoodAt;
    clock.set('2026-12-07T06:00:00Z');
    expect(await backups.runNow()).toMatchObject({ ok: true, drill: { ok: true } });
    const { lastBackup } = (await status()).body as { lastBackup: { id: string; location: string; startedAt: string } };
    expect(lastBackup.startedAt).toBe('2026-12-07T06:00:00.000Z');
    const photo = readdirSync(lastBackup.location).includes('database.dump') ? 'database.dump' : 'database.tar.gz';
    appendFileSync(path.join(lastBackup.location, photo), 'x');
    const drill = await backups.drill(lastBackup.id, lastBackup.location);
    expect(drill.ok).toBe(false);
    expect(drill.problems.join()).toContain(photo);
    const sent = await alerts('drillFailed');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.title).toBe('备份恢复演练失败：该备份无法使用');
    expect(sent[0]!.email?.to).toBe('organizer@example.cn');
    const r = await status();
    expect(r.body.alerts).toEqual(['drillFailed']);
    // The damaged backup no longer counts: the last good one is what it was before it.
    expect(r.body.lastGoodAt).toBe(goodBefore);
  });

  it('alerts once when the last good backup is older than 26 hours (backups stopped)', async () => {
    // A good one again, then none: the schedule's ticks stop.
    clock.set('2026-12-07T18:00:00Z');
    await backups.tick();
    expect((await status()).body.alerts).toEqual([]);
    expect(await backups.checkStale()).toBe(false);
    clock.advance(26 * HOUR);
    expect(await backups.checkStale()).toBe(false);
    clock.advance(60_000);
    expect(await backups.checkStale()).toBe(true);
    expect(await backups.checkStale()).toBe(true);
    const sent = await alerts('stale');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toContain('2026-12-08 02:00');
    expect(sent[0]!.email).not.toBeNull();
    const r = await status();
    expect(r.body.alerts).toEqual(['stale']);
    expect(r.body.ageSeconds).toBe(26 * 3600 + 60);
    // The same age in the metrics (the gauge reads the last good backup through BACKUP_STATUS).
    const metrics = await t.http.get('/api/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(new RegExp(`^learnweek_backup_age_seconds ${26 * 3600 + 60}$`, 'm'));
  });
});
