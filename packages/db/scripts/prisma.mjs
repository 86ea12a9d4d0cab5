#!/usr/bin/env node
// Runs the Prisma 7 CLI. If no schema engine is configured, points
// PRISMA_SCHEMA_ENGINE_BINARY at a stub so the CLI does not try to download
// one at startup (which fails offline). Where the real engine exists, set
// PRISMA_SCHEMA_ENGINE_BINARY yourself (or run `npx prisma` directly).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
const cli = path.join(path.dirname(require.resolve('prisma/package.json')), 'build/index.js');
const env = { CHECKPOINT_DISABLE: '1', ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(new URL('./no-schema-engine.mjs', import.meta.url));
const r = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
