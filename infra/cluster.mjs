#!/usr/bin/env node
// `npm run cluster -- [--instances 2] [--port 0] [--instance-ports 4101,4102 | --base-port 4101] [--keep-logs]`: learnweek as it runs in production,
// on this machine. Debian's nginx in front, N API instances behind it, the PostgreSQL of DATABASE_URL
// (migrated once, here) and the Redis of REDIS_URL shared by all; uploads in S3-compatible storage
// (FILES_S3_ENDPOINT) or, on one machine, in one folder they share. Prints `proxy <url>` and one
// `instance <url> pid <pid>` line per instance; Ctrl-C or SIGTERM stops everything it started.
/* global AbortSignal, clearTimeout */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { nginxConfig } from './nginx-config.mjs';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const API_MAIN = path.join(REPO, 'apps/api/dist/main.js');
const MIGRATE = path.join(REPO, 'packages/db/dist/migrate-cli.js');
const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 15_000;

const { values } = parseArgs({
  options: {
    instances: { type: 'string', default: '2' },
    port: { type: 'string', default: '0' },
    'instance-ports': { type: 'string' },
    'base-port': { type: 'string' },
    'keep-logs': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(
    'usage: DATABASE_URL=… REDIS_URL=… npm run cluster -- [--instances 2] [--port 0 (a free one)] [--instance-ports 4101,4102 | --base-port 4101 (default: free ones)] [--keep-logs]',
  );
  process.exit(0);
}

function fail(message) {
  console.error(`cluster: ${message}`);
  process.exit(1);
}

const isPort = (n) => Number.isInteger(n) && n >= 1 && n <= 65_535;
const proxyPort = Number(values.port);
if (!isPort(proxyPort) && proxyPort !== 0) fail('--port must be a port number (0: a free one)');
if (values['instance-ports'] !== undefined && values['base-port'] !== undefined) fail('--instance-ports and --base-port: one or the other');
/** The instances' ports as asked for (--instance-ports a,b,… or --base-port n for n, n+1, …), else undefined: free ones. */
let instancePorts;
if (values['instance-ports'] !== undefined) {
  instancePorts = values['instance-ports'].split(',').map((p) => Number(p.trim()));
  if (!instancePorts.every(isPort) || new Set(instancePorts).size !== instancePorts.length)
    fail('--instance-ports must list distinct port numbers, e.g. 4101,4102');
  if (values.instances !== '2' && Number(values.instances) !== instancePorts.length)
    fail(`--instances ${values.instances} but --instance-ports lists ${instancePorts.length}`);
}
const instances = instancePorts?.length ?? Number(values.instances);
if (!Number.isInteger(instances) || instances < 1 || instances > 16) fail('--instances must be a whole number from 1 to 16');
if (values['base-port'] !== undefined) {
  const base = Number(values['base-port']);
  if (!isPort(base) || !isPort(base + instances - 1)) fail('--base-port must be a port number (the instances take it and the next ones)');
  instancePorts = Array.from({ length: instances }, (_, i) => base + i);
}
if (instancePorts?.includes(proxyPort)) fail(`--port ${proxyPort} is also an instance's port`);
if (!process.env.DATABASE_URL) fail('DATABASE_URL must point at PostgreSQL: every instance uses the same database');
if (!process.env.REDIS_URL && instances > 1)
  fail('REDIS_URL must be set: several instances share the live feed and the sign-in limits through Redis');
for (const [file, build] of [
  [API_MAIN, 'the API'],
  [MIGRATE, '@learnweek/db'],
])
  if (!existsSync(file)) fail(`${file} is missing: build ${build} first (npm run cluster does)`);
const nginxBin =
  ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p)) ??
  (spawnSync('sh', ['-c', 'command -v nginx']).stdout?.toString().trim() || undefined);
if (!nginxBin) fail("nginx is not installed: apt-get install nginx (Debian's package)");

/** A port nobody listens on right now (the kernel's pick, released at once). */
const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
/** Whether `port` can be listened on at 127.0.0.1 right now. */
const portFree = (port) =>
  new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function healthy(url, child, what) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${what} exited while starting (code ${child.exitCode}, signal ${child.signalCode})`);
    const r = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
    if (r?.status === 200) return;
    if (Date.now() > deadline) throw new Error(`${what} did not answer ${url}/api/health within ${START_TIMEOUT_MS / 1000} s`);
    await delay(200);
  }
}

// Everything of this run lives in one folder: logs, nginx's configuration, pid and buffers.
const dir = mkdtempSync(path.join(os.tmpdir(), 'learnweek-cluster-'));
chmodSync(dir, 0o755);
const children = [];
let stopping = false;

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  // nginx first (no new requests), then the instances with their shutdown hooks.
  const order = [...children].sort((a, b) => (a.kind === 'nginx' ? -1 : b.kind === 'nginx' ? 1 : 0));
  for (const c of order) {
    if (c.child.exitCode !== null || c.child.signalCode !== null) continue;
    const exited = new Promise((resolve) => c.child.once('exit', resolve));
    c.child.kill(c.kind === 'nginx' ? 'SIGQUIT' : 'SIGTERM');
    const timer = setTimeout(() => c.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
  if (values['keep-logs'] || code !== 0) console.log(`logs kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
  console.log('stopped');
  process.exit(code);
}
process.once('SIGINT', () => void stopAll(0));
process.once('SIGTERM', () => void stopAll(0));

function start(kind, label, cmd, args, env) {
  const log = createWriteStream(path.join(dir, `${label}.log`), { flags: 'a' });
  const child = spawn(cmd, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const entry = { kind, label, child };
  children.push(entry);
  child.once('exit', (code, signal) => {
    if (stopping) return;
    if (kind === 'nginx') {
      console.error(`nginx exited (code ${code}, signal ${signal}): stopping the cluster`);
      void stopAll(1);
    } else {
      // The proxy sends the traffic to the others; whoever runs the cluster decides what to do.
      console.log(`${label} exited (code ${code}, signal ${signal}); the proxy goes on with the others`);
    }
  });
  return child;
}

try {
  // 1. Migrations, once, before any instance starts.
  // As the tables' owner (DATABASE_OWNER_URL, else DATABASE_URL), which also makes the role the instances connect
  // as: under row-level security, neither superuser, BYPASSRLS nor owner (docs/ARCHITECTURE.md, "Tenancy").
  const ownerUrl = process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL;
  const apiRole = process.env.DATABASE_API_ROLE ?? 'learnweek_api';
  const apiPassword = process.env.DATABASE_API_PASSWORD ?? randomBytes(24).toString('base64url');
  const apiUrl = new URL(ownerUrl);
  apiUrl.username = apiRole;
  apiUrl.password = apiPassword;
  const migrated = spawnSync(process.execPath, [MIGRATE], {
    cwd: REPO,
    env: { ...process.env, DATABASE_OWNER_URL: ownerUrl, DATABASE_API_ROLE: apiRole, DATABASE_API_PASSWORD: apiPassword },
    encoding: 'utf8',
  });
  if (migrated.status !== 0) throw new Error(`migrations failed: ${(migrated.stderr || migrated.stdout).trim()}`);
  console.log(migrated.stdout.trim().split('\n').at(-1));

  // 2. The instances: one secret, one database, one Redis, one file store.
  const jwtSecret = process.env.JWT_SECRET ?? randomBytes(48).toString('base64url');
  if (!process.env.JWT_SECRET) console.log('JWT_SECRET is not set: a random one for this run (sign-ins end with the cluster)');
  const filesDir = process.env.FILES_DIR ?? path.join(REPO, '.data/files');
  console.log(
    process.env.FILES_S3_ENDPOINT
      ? `files s3 ${process.env.FILES_S3_ENDPOINT} bucket ${process.env.FILES_S3_BUCKET ?? 'learnweek'}`
      : `files folder ${filesDir} (shared by the instances of this machine; several machines need FILES_S3_ENDPOINT)`,
  );
  const ports = instancePorts ?? [];
  for (const port of ports)
    if (!(await portFree(port))) throw new Error(`port ${port} is in use: choose other --instance-ports or --base-port`);
  while (ports.length < instances) ports.push(await freePort());
  const apis = ports.map((port, i) => {
    const env = {
      ...process.env,
      DATABASE_URL: apiUrl.toString(),
      DATABASE_OWNER_URL: ownerUrl,
      NODE_ENV: process.env.NODE_ENV ?? 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      JWT_SECRET: jwtSecret,
      DEMO: process.env.DEMO ?? '0',
      FILES_DIR: filesDir,
      // nginx on this host: its X-Forwarded-For names the client, so limits count clients, not the proxy.
      TRUST_PROXY: process.env.TRUST_PROXY ?? 'loopback',
    };
    const url = `http://127.0.0.1:${port}`;
    return { url, port, child: start('api', `instance${i + 1}`, process.execPath, [API_MAIN], env) };
  });
  await Promise.all(apis.map((a, i) => healthy(a.url, a.child, `instance ${i + 1}`)));

  // 3. nginx in front.
  const listen = proxyPort || (await freePort());
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    mkdirSync(path.join(dir, 'tmp', sub), { recursive: true });
    // Workers run as an unprivileged user when the cluster is started as root.
    chmodSync(path.join(dir, 'tmp', sub), 0o777);
  }
  const conf = path.join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig({ dir, listen, upstreams: apis.map((a) => `127.0.0.1:${a.port}`), asRoot: process.getuid?.() === 0 }));
  const tested = spawnSync(nginxBin, ['-t', '-q', '-p', dir, '-c', conf, '-e', path.join(dir, 'nginx-error.log')], { encoding: 'utf8' });
  if (tested.status !== 0) throw new Error(`nginx refused its configuration: ${tested.stderr.trim()}`);
  const proxy = `http://127.0.0.1:${listen}`;
  const nginx = start('nginx', 'nginx', nginxBin, ['-p', dir, '-c', conf, '-e', path.join(dir, 'nginx-error.log'), '-g', 'daemon off;']);
  await healthy(proxy, nginx, 'nginx');

  console.log(`proxy ${proxy}`);
  for (const a of apis) console.log(`instance ${a.url} pid ${a.child.pid}`);
  console.log(`logs ${dir}`);
  console.log('ready (Ctrl-C stops everything)');
} catch (err) {
  console.error(`cluster: ${err instanceof Error ? err.message : String(err)}`);
  await stopAll(1);
}
