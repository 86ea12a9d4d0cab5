// `npm run test:faults`: the embedded database (no DATABASE_URL) as a technician meets it. Its
// folder has one owner: a second process on it refuses to start, naming the first, and the folder
// keeps every row; a lock left by a process that is gone does not block a start. Its server takes no
// login over TCP. `npm start` stops on Ctrl-C and on SIGTERM with 0 and no error line, after
// answering the request it was in the middle of.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { createPrismaClient, hashPassword } from '@learnweek/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_MAIN, delay, freePort, REPO_ROOT, Rig } from './rig.js';

const run = promisify(execFile);
const PASSWORD = randomBytes(12).toString('base64url');
const JWT_SECRET = randomBytes(48).toString('base64url');
const TOWNS = Array.from({ length: 40 }, (_, i) => `测试镇${i + 1}`);

let rig: Rig;

beforeAll(() => {
  rig = new Rig();
});

afterAll(async () => {
  await rig.close();
});

/** The folder's own socket, as node-postgres names a Unix socket. */
const socketUrl = (dir: string) => `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(realpathSync(dir))}`;

async function addOrganizer(dir: string): Promise<void> {
  const prisma = createPrismaClient(socketUrl(dir), 1);
  try {
    await prisma.user.create({
      data: { username: 'organizer', displayName: '组织办', roles: ['organizer'], passwordHash: await hashPassword(PASSWORD) },
    });
  } finally {
    await prisma.$disconnect();
  }
}

async function signIn(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'organizer', password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function townNames(base: string, token: string): Promise<string[]> {
  const res = await fetch(`${base}/api/towns`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { items?: { name: string }[] } | { name: string }[];
  return (Array.isArray(body) ? body : (body.items ?? [])).map((t) => t.name);
}

/** The TCP ports `pid` listens on: its socket inodes matched with the kernel's tables. */
function listeningTcpPorts(pid: number): number[] {
  const inodes = new Set(
    readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        return [/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1]].filter((x): x is string => !!x);
      } catch {
        return [];
      }
    }),
  );
  const ports = ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((table) =>
    readFileSync(table, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      // local_address, st = 0A (LISTEN), inode
      .filter((f) => f[3] === '0A' && inodes.has(f[9] ?? ''))
      .map((f) => parseInt(f[1]!.split(':')[1]!, 16)),
  );
  return [...new Set(ports)];
}

/** The built API run to its end on `dataDir` (a start that is expected to be refused). */
async function runToEnd(dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    PGLITE_DATA_DIR: dataDir,
    DEMO: '0',
    LOG_LEVEL: 'warn',
  };
  try {
    const r = await run(process.execPath, [API_MAIN], { cwd: REPO_ROOT, env, timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the embedded database', () => {
  it('has one owner per data folder: a second process refuses to start, naming the first, and every row stays', async () => {
    const dir = path.join(rig.dir, 'pglite-owner');
    const owner = rig.api({ label: 'owner', port: await freePort(), pgliteDataDir: dir, jwtSecret: JWT_SECRET });
    await owner.start();
    await addOrganizer(dir);
    const token = await signIn(owner.base);
    for (const name of TOWNS) {
      const res = await fetch(`${owner.base}/api/towns`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ name }),
      });
      expect(res.status).toBe(201);
    }

    const second = await runToEnd(dir);
    console.log(`[embedded] second process on the folder: exit ${second.code}, "${second.stderr.trim()}"`);
    expect(second.code).toBe(1);
    // One line naming the owner, and nothing opened: no database line at all.
    expect(second.stderr.trim().split('\n')).toEqual([
      `learnweek: cannot start: the data folder ${realpathSync(dir)} is in use by process ${owner.pid}: stop that one first, or set PGLITE_DATA_DIR to another folder`,
    ]);
    expect(second.stdout).not.toMatch(/\[db\]/);
    expect(await townNames(owner.base, token)).toEqual(expect.arrayContaining(TOWNS));

    expect(await owner.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(existsSync(path.join(dir, 'learnweek.pid'))).toBe(false);

    const reopened = rig.api({ label: 'reopened', port: await freePort(), pgliteDataDir: dir, jwtSecret: JWT_SECRET });
    await reopened.start();
    const names = await townNames(reopened.base, await signIn(reopened.base));
    expect(names.filter((n) => TOWNS.includes(n)).sort()).toEqual([...TOWNS].sort());
    expect(await reopened.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });

  it('takes over the lock of a process that is gone', async () => {
    const dir = path.join(rig.dir, 'pglite-stale');
    const gone = spawn(process.execPath, ['-e', '']);
    const deadPid = await new Promise<number>((resolve) => gone.once('exit', () => resolve(gone.pid!)));
    const first = rig.api({ label: 'stale-first', port: await freePort(), pgliteDataDir: dir, jwtSecret: JWT_SECRET });
    await first.start();
    expect(await first.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    // What a `kill -9` of its owner leaves behind.
    writeFileSync(path.join(dir, 'learnweek.pid'), JSON.stringify({ pid: deadPid, started: '1', dir: realpathSync(dir) }));

    const next = rig.api({ label: 'stale-next', port: await freePort(), pgliteDataDir: dir, jwtSecret: JWT_SECRET });
    await next.start();
    expect(JSON.parse(readFileSync(path.join(dir, 'learnweek.pid'), 'utf8'))).toMatchObject({ pid: next.pid });
    expect(await next.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });

  it('takes no login over TCP: the server is a Unix socket in the folder that only its user can open', async () => {
    const dir = path.join(rig.dir, 'pglite-socket');
    const port = await freePort();
    const api = rig.api({ label: 'socket', port, pgliteDataDir: dir, jwtSecret: JWT_SECRET });
    await api.start();
    // Before: pglite-socket on 127.0.0.1:<random port> took `psql -U postgres` with any password.
    expect(listeningTcpPorts(api.pid!)).toEqual([port]);
    const socket = statSync(path.join(dir, '.s.PGSQL.5432'));
    expect(socket.isSocket()).toBe(true);
    expect(socket.mode & 0o777).toBe(0o600);
    expect(socket.uid).toBe(process.getuid?.());
    if (process.getuid?.() === 0) {
      // Another user of the machine (as the rig runs PostgreSQL: `runuser`) is refused by the kernel.
      const other = await run('runuser', ['-u', 'nobody', '--', 'psql', '-h', realpathSync(dir), '-U', 'postgres', '-c', 'SELECT 1'], {
        timeout: 20_000,
      }).then(
        () => 'connected',
        (err: { stderr: string }) => err.stderr,
      );
      expect(other).toMatch(/Permission denied/);
    }
    expect(await api.stop('SIGINT')).toEqual({ code: 0, signal: null });
  });
});

/**
 * The API's `npm start` (`npm run start -w @learnweek/api`: npm, then node in place of its shell) in a
 * process group of its own, as a terminal runs it. The root `npm start` builds first, then becomes
 * this one (`exec`), so the same signals reach the same processes.
 */
async function npmStart(
  dir: string,
  port: number,
): Promise<{ child: ChildProcess; output: () => string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> }> {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    HOST: '127.0.0.1',
    PGLITE_DATA_DIR: dir,
    DEMO: '0',
    LOG_LEVEL: 'warn',
    FILES_DIR: path.join(dir, '..', 'files'),
  };
  const child = spawn('npm', ['run', 'start', '-w', '@learnweek/api'], {
    cwd: REPO_ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
  child.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`npm start exited while starting:\n${out}`);
    const r = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
    if (r?.status === 200) break;
    if (Date.now() > deadline) throw new Error(`npm start not healthy within 120 s:\n${out}`);
    await delay(200);
  }
  return { child, output: () => out, exited };
}

/**
 * A sign-in whose body is half sent: the headers ask for `100 Continue`, so that once it comes the
 * request is known to be in the server's hands. `finish()` sends the rest and reads the answer.
 */
async function halfSentRequest(port: number): Promise<{ finish(): Promise<string> }> {
  const body = JSON.stringify({ username: 'nobody', password: 'wrong-password' });
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (b: Buffer) => (received += b.toString('utf8')));
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.write(
    `POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
  );
  while (!received.includes('100 Continue')) {
    if (socket.destroyed) throw new Error(`connection closed before 100 Continue: ${received}`);
    await delay(10);
  }
  socket.write(body.slice(0, 10));
  return {
    async finish() {
      socket.write(body.slice(10));
      await ended;
      return received.slice(received.lastIndexOf('HTTP/1.1 ')).split('\r\n')[0] ?? '';
    },
  };
}

/** Whether a new connection to `port` is refused (the server no longer listens). */
const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });

describe('npm start', () => {
  for (const [how, send] of [
    ['Ctrl-C (SIGINT to the terminal’s process group)', (child: ChildProcess) => process.kill(-child.pid!, 'SIGINT')],
    ['SIGTERM to npm (a service manager)', (child: ChildProcess) => process.kill(child.pid!, 'SIGTERM')],
  ] as const) {
    it(`stops on ${how} with exit 0 and no error line, after answering the request in flight`, { timeout: 200_000 }, async () => {
      const port = await freePort();
      const dir = path.join(rig.dir, `pglite-npm-${randomBytes(4).toString('hex')}`);
      const npm = await npmStart(dir, port);
      try {
        const inFlight = await halfSentRequest(port);
        send(npm.child);
        while (!(await refused(port))) await delay(20);
        // Draining: the port no longer takes connections, the request it had is still answered.
        expect(await inFlight.finish()).toBe('HTTP/1.1 401 Unauthorized');
        expect(await npm.exited).toEqual({ code: 0, signal: null });
        console.log(`[embedded] npm start, ${how}: exit 0; last lines: ${npm.output().trim().split('\n').slice(-2).join(' | ')}`);
        expect(npm.output()).not.toMatch(/npm error|ERR!|Lifecycle script|code 130/);
        expect(npm.output()).toMatch(/learnweek: SIG(INT|TERM), stopping/);
        expect(existsSync(path.join(dir, 'learnweek.pid'))).toBe(false);
      } finally {
        if (npm.child.exitCode === null) process.kill(-npm.child.pid!, 'SIGKILL');
      }
    });
  }
});
