// `npm run backup -- --out <dir>`: one backup package of the database and every stored file
// (docs/OPERATIONS.md). With the embedded database, the service must be stopped (it takes its own
// scheduled backups while it runs). BACKUP_KEY encrypts it. Exit status 0 when written, 1 otherwise.
import { parseArgs } from 'node:util';
import { commandConfig, fail, say } from './cli-env.js';
import { backupKeyOf } from './modules/operations/backup-format.js';
import { createBackup, databaseTargetOf, fileDriverOf } from './modules/operations/backup.js';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const out = values.out ?? process.env.BACKUP_DIR;
if (!out) fail('用法：npm run backup -- --out <目录>（或设置 BACKUP_DIR）', 'usage: npm run backup -- --out <dir> (or set BACKUP_DIR)', 2);
try {
  const config = commandConfig();
  const files = fileDriverOf(config);
  const r = await createBackup({
    out: out!,
    at: new Date(),
    database: databaseTargetOf(config),
    files,
    key: backupKeyOf(process.env.BACKUP_KEY),
    log: (m) => console.log(`[backup] ${m}`),
  });
  await files.close();
  say(`备份完成：${r.dir}`, `backup written: ${r.dir}`);
} catch (err) {
  fail(`备份失败：${(err as Error).message}`, `backup failed: ${(err as Error).message}`);
}
