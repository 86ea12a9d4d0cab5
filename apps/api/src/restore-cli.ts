// `npm run restore -- --from <package>`: restores a backup package (docs/OPERATIONS.md) with the
// service stopped: checked first (refused, nothing touched, when a file or the dump differs from the
// manifest or its schema is newer than this release), built beside the live data, migrated forward,
// then switched in. What it replaced is kept until `npm run restore -- --drop-replaced`.
// `--verify` only checks the package. Exit status 0 when done, 1 when refused or failed.
import { parseArgs } from 'node:util';
import { commandConfig, fail, say } from './cli-env.js';
import { backupKeyOf } from './modules/operations/backup-format.js';
import { databaseTargetOf, fileDriverOf } from './modules/operations/backup.js';
import { dropReplaced, restoreBackup, verifyBackup } from './modules/operations/restore.js';

const { values } = parseArgs({ options: { from: { type: 'string' }, verify: { type: 'boolean' }, 'drop-replaced': { type: 'boolean' } } });
try {
  const config = commandConfig();
  const database = databaseTargetOf(config);
  if (values['drop-replaced']) {
    const dropped = await dropReplaced(database, config.filesDir);
    say(`已删除被替换的数据：${dropped.length ? dropped.join('，') : '无'}`, `dropped: ${dropped.length ? dropped.join(', ') : 'nothing'}`);
  } else if (!values.from) {
    fail(
      '用法：npm run restore -- --from <备份目录> [--verify]，或 npm run restore -- --drop-replaced',
      'usage: npm run restore -- --from <package> [--verify], or npm run restore -- --drop-replaced',
      2,
    );
  } else if (values.verify) {
    const m = await verifyBackup(values.from);
    say(
      `备份完好：${m.createdAt}，迁移 ${m.database.migration}，${m.files.entries.length} 个文件`,
      `backup intact: ${m.createdAt}, migration ${m.database.migration}, ${m.files.entries.length} files`,
    );
  } else {
    const files = config.filesS3 ? fileDriverOf(config) : undefined;
    await files?.init();
    const r = await restoreBackup({
      from: values.from,
      database,
      filesDir: config.filesDir,
      files,
      key: backupKeyOf(process.env.BACKUP_KEY),
      at: new Date(),
      log: (m) => console.log(`[restore] ${m}`),
    });
    await files?.close();
    say(
      `已恢复到 ${r.database}（${r.files} 个文件，升级迁移 ${r.migrated.length} 个）。被替换的数据保留在：${r.replaced.join('，') || '无'}；确认无误后运行 npm run restore -- --drop-replaced 删除。`,
      `restored into ${r.database} (${r.files} files, ${r.migrated.length} migrations applied). The replaced data is kept: ${r.replaced.join(', ') || 'none'}; drop it with npm run restore -- --drop-replaced.`,
    );
  }
} catch (err) {
  fail(`恢复失败：${(err as Error).message}`, `restore failed: ${(err as Error).message}`);
}
