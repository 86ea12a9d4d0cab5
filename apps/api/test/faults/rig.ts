// The machinery of the fault suite: a private PostgreSQL cluster, a private Redis and the API as
// child processes, each of which the tests can kill or restart. Everything lives in one temporary
// folder and is stopped by `Rig.close()`, whatever state the run left it in.
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  type WriteStream,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { APP_ROLE, TEST_API_ROLE } from '@learnweek/db';
import pg from 'pg';

const run = promisify(execFile);

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * The URL of the API's own role on the server `owner` names (the tests' role: LOGIN, a member of
 * learnweek_app, neither superuser nor BYPASSRLS), made there first if it is not (learnweek_app too, as the
 * first migration would). Roles are the server's; another process making them meanwhile is no failure.
 */
async function apiRoleUrl(owner: string): Promise<string> {
  const c = new pg.Client({ connectionString: owner });
  await c.connect();
  try {
    await c.query(`DO $$ BEGIN
        CREATE ROLE ${APP_ROLE} NOLOGIN NOBYPASSRLS;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
    await c.query(`DO $$ BEGIN
        CREATE ROLE ${TEST_API_ROLE} LOGIN PASSWORD '${TEST_API_ROLE}' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE IN ROLE ${APP_ROLE};
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
  } finally {
    await c.end();
  }
  const u = new URL(owner);
  u.username = TEST_API_ROLE;
  u.password = TEST_API_ROLE;
  return u.toString();
}
export const API_MAIN = path.join(REPO_ROOT, 'apps/api/dist/main.js');

/** A port nobody listens on right now (the kernel's pick, released at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** PostgreSQL's server programs of the newest major installed (Debian's layout). */
function pgBin(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((d) => existsSync(path.join(root, d, 'bin/initdb'))) : [];
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error(`no initdb under ${root}/*/bin: install PostgreSQL's server package`);
  return path.join(root, newest, 'bin');
}

/** What the last lines of a process' output said, kept for the report. */
class LogTail {
  readonly notable: string[] = [];
  private partial = '';

  constructor(
    private readonly label: string,
    private readonly file: WriteStream,
  ) {}

  push(chunk: Buffer): void {
    this.file.write(chunk);
    const lines = (this.partial + chunk.toString('utf8')).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      // Nest's WARN/ERROR lines, stack heads and Node's own fatal messages.
      if (/\b(WARN|ERROR|FATAL)\b|Error[:\s]|Unhandled|uncaught|cannot start/i.test(line) && !/^\s+at /.test(line)) {
        this.notable.push(
          `${this.label}: ${line
            // eslint-disable-next-line no-control-regex
            .replace(/\u001b\[[0-9;]*m/g, '')
            .trim()
            .slice(0, 300)}`,
        );
      }
    }
  }
}

/** A private PostgreSQL cluster (initdb + pg_ctl) owned by an unprivileged user when run as root. */
export class PgCluster {
  readonly port: number;
  private readonly bin = pgBin();
  private readonly dataDir: string;
  private readonly socketDir: string;
  private readonly logFile: string;
  private running = false;

  constructor(
    private readonly dir: string,
    port: number,
  ) {
    this.port = port;
    this.dataDir = path.join(dir, 'pgdata');
    this.socketDir = path.join(dir, 'pgsock');
    this.logFile = path.join(dir, 'postgresql.log');
  }

  /** As root, PostgreSQL refuses to run: its programs run as the `postgres` system user. */
  private asOwner(cmd: string, args: string[]): [string, string[]] {
    return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  }

  private async ctl(args: string[]): Promise<void> {
    const [cmd, argv] = this.asOwner(path.join(this.bin, 'pg_ctl'), ['-D', this.dataDir, '-l', this.logFile, '-w', '-t', '60', ...args]);
    await run(cmd, argv, { timeout: 90_000 });
  }

  async init(): Promise<void> {
    mkdirSync(this.socketDir);
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(this.dir, uid, gid);
      chownSync(this.socketDir, uid, gid);
    }
    const [cmd, argv] = this.asOwner(path.join(this.bin, 'initdb'), [
      '-D',
      this.dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
      '--no-instructions',
    ]);
    await run(cmd, argv, { timeout: 120_000 });
    // Options on the command line are kept in postmaster.opts, so `pg_ctl restart` reuses them.
    const opts = [
      `-p ${this.port}`,
      `-c listen_addresses=127.0.0.1`,
      `-c unix_socket_directories=${this.socketDir}`,
      '-c max_connections=100',
      '-c log_min_messages=warning',
    ];
    await this.ctl(['-o', opts.join(' '), 'start']);
    this.running = true;
  }

  url(database = 'postgres'): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async createDatabase(name: string): Promise<string> {
    const c = new pg.Client({ connectionString: this.url() });
    await c.connect();
    try {
      await c.query(`CREATE DATABASE "${name}"`);
    } finally {
      await c.end();
    }
    return this.url(name);
  }

  /** `pg_ctl restart -m fast|immediate`: resolves once the server accepts connections again. */
  async restart(mode: 'fast' | 'immediate'): Promise<void> {
    await this.ctl(['-m', mode, 'restart']);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.ctl(['-m', 'immediate', 'stop']).catch(() => undefined);
  }

  /** At process exit, when nothing can be awaited: SIGQUIT is the postmaster's immediate shutdown. */
  killNow(): void {
    const pidFile = path.join(this.dataDir, 'postmaster.pid');
    if (!this.running || !existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (pid > 0) signal(pid, 'SIGQUIT');
  }
}

function signal(pid: number | undefined, sig: NodeJS.Signals): void {
  try {
    if (pid) process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** A private redis-server in the foreground, on its own port, persisting nothing. */
export class RedisServer {
  private child?: ChildProcess;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
      { stdio: 'ignore' },
    );
    this.child = child;
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
      if (await canConnect(this.port)) return;
      if (Date.now() > deadline) throw new Error('redis-server did not accept connections within 10 s');
      await delay(50);
    }
  }

  killNow(): void {
    signal(this.child?.pid, 'SIGKILL');
  }

  /** SIGSTOP: Redis hangs, its connections open and silent, until `resume()` (SIGCONT). */
  pause(): void {
    signal(this.child?.pid, 'SIGSTOP');
  }

  resume(): void {
    signal(this.child?.pid, 'SIGCONT');
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

export interface ApiInstanceOptions {
  label: string;
  port: number;
  /** PostgreSQL; without it, the embedded database in `pgliteDataDir`. */
  databaseUrl?: string;
  pgliteDataDir?: string;
  jwtSecret: string;
  filesDir: string;
  logDir: string;
  redisUrl?: string;
}

/** The built API (`node apps/api/dist/main.js`) as a child process on a fixed port. */
export class ApiProcess {
  private child?: ChildProcess;
  private readonly tail: LogTail;
  /** Exits nobody asked for (a crash), with what the process said last. */
  readonly crashes: string[] = [];
  private expectingExit = false;

  constructor(private readonly opts: ApiInstanceOptions) {
    this.tail = new LogTail(opts.label, createWriteStream(path.join(opts.logDir, `${opts.label}.log`), { flags: 'a' }));
  }

  get base(): string {
    return `http://127.0.0.1:${this.opts.port}`;
  }

  get notable(): readonly string[] {
    return this.tail.notable;
  }

  get alive(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    const o = this.opts;
    // On a server, as in production: the API connects as its own role under row-level security, the
    // migrations run as the tables' owner (docs/ARCHITECTURE.md, "Tenancy").
    const database = o.databaseUrl
      ? { DATABASE_OWNER_URL: o.databaseUrl, DATABASE_URL: await apiRoleUrl(o.databaseUrl) }
      : { PGLITE_DATA_DIR: o.pgliteDataDir };
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TZ: 'UTC',
      NODE_ENV: 'production',
      PORT: String(o.port),
      HOST: '127.0.0.1',
      ...database,
      JWT_SECRET: o.jwtSecret,
      DEMO: '0',
      DEMO_TRAFFIC: '0',
      FILES_DIR: o.filesDir,
      LOG_LEVEL: 'warn',
      ...(o.redisUrl ? { REDIS_URL: o.redisUrl } : {}),
    };
    this.expectingExit = false;
    const child = spawn(process.execPath, [API_MAIN], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout.on('data', (b: Buffer) => this.tail.push(b));
    child.stderr.on('data', (b: Buffer) => this.tail.push(b));
    child.once('exit', (code, signal) => {
      if (!this.expectingExit) this.crashes.push(`${o.label} exited by itself (code ${code}, signal ${signal})`);
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (!this.alive) throw new Error(`${o.label} exited while starting: ${this.tail.notable.slice(-5).join(' | ')}`);
      const r = await fetch(`${this.base}/api/health`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
      if (r?.status === 200) return;
      if (Date.now() > deadline) throw new Error(`${o.label} not healthy within 60 s`);
      await delay(100);
    }
  }

  killNow(): void {
    if (this.alive) signal(this.child?.pid, 'SIGKILL');
  }

  /** A stop as a service manager asks for it: resolves with how the process ended. */
  async stop(sig: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const child = this.child;
    if (!child || !this.alive) throw new Error(`${this.opts.label} is not running`);
    this.expectingExit = true;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    child.kill(sig);
    return exited;
  }

  /** `kill -9`: no shutdown hook runs, in-flight requests and unsent answers are lost. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || !this.alive) return;
    this.expectingExit = true;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Owns the temporary folder and everything started in it; `close()` undoes it all. */
export class Rig {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'lw-faults-'));
  readonly apis: ApiProcess[] = [];
  readonly redises: RedisServer[] = [];
  cluster?: PgCluster;

  /** If the test process ends without `close()` (a worker torn down), nothing is left running. */
  private readonly onExit = () => {
    for (const a of this.apis) a.killNow();
    for (const r of this.redises) r.killNow();
    this.cluster?.killNow();
  };

  constructor() {
    // The cluster's owner must be able to reach its folder inside ours.
    chmodSync(this.dir, 0o755);
    process.once('exit', this.onExit);
  }

  async startCluster(): Promise<PgCluster> {
    const dir = path.join(this.dir, 'pg');
    mkdirSync(dir);
    this.cluster = new PgCluster(dir, await freePort());
    await this.cluster.init();
    return this.cluster;
  }

  async startRedis(): Promise<RedisServer> {
    const r = new RedisServer(await freePort());
    this.redises.push(r);
    await r.start();
    return r;
  }

  api(opts: Omit<ApiInstanceOptions, 'filesDir' | 'logDir'>): ApiProcess {
    const filesDir = path.join(this.dir, 'files');
    mkdirSync(filesDir, { recursive: true });
    const a = new ApiProcess({ ...opts, filesDir, logDir: this.dir });
    this.apis.push(a);
    return a;
  }

  async close(): Promise<void> {
    process.removeListener('exit', this.onExit);
    const errors: unknown[] = [];
    for (const step of [...this.apis.map((a) => () => a.kill9()), ...this.redises.map((r) => () => r.stop()), () => this.cluster?.stop()]) {
      try {
        await step();
      } catch (err) {
        errors.push(err);
      }
    }
    // FAULTS_KEEP=1 keeps the folder (server logs, the cluster's log) for a look after a failed run.
    if (process.env.FAULTS_KEEP === '1') console.log(`[faults] kept ${this.dir}`);
    else rmSync(this.dir, { recursive: true, force: true });
    if (errors.length > 0) throw new AggregateError(errors, 'fault rig: cleanup failed');
  }
}
