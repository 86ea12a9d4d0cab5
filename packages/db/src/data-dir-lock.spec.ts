import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATA_DIR_LOCK_FILE, DataDirLockedError, lockDataDir } from './data-dir-lock.js';

let dir: string;
const lockFile = () => path.join(dir, DATA_DIR_LOCK_FILE);
/** The pid of a process that has ended. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid;

beforeEach(() => {
  dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'lw-lock-')), 'pglite');
});
afterEach(() => {
  rmSync(path.dirname(dir), { recursive: true, force: true });
});

describe('lockDataDir', () => {
  it('lets one owner hold a folder and names it to the next, until it lets go', () => {
    const lock = lockDataDir(dir);
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid, dir: realpathSync(dir) });
    const err = (() => {
      try {
        lockDataDir(dir);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DataDirLockedError);
    expect((err as Error).message).toBe(
      `the data folder ${realpathSync(dir)} is in use by process ${process.pid}: stop that one first, or set PGLITE_DATA_DIR to another folder`,
    );
    lock.release();
    expect(existsSync(lockFile())).toBe(false);
    lockDataDir(dir).release();
  });

  it('takes over the lock of a process that is gone, of a reused pid, and of a copied folder', () => {
    lockDataDir(dir).release();
    const real = realpathSync(dir);
    for (const stale of [
      { pid: deadPid(), started: '1', dir: real },
      // This process' pid, but another start time: the owner is gone and its pid was given again.
      { pid: process.pid, started: '1', dir: real },
      // A live owner of another folder: this one is a copy of it.
      { pid: process.pid, started: null, dir: '/elsewhere/pglite' },
      // Not a lock at all.
      'garbage',
    ]) {
      writeFileSync(lockFile(), typeof stale === 'string' ? stale : JSON.stringify(stale));
      const lock = lockDataDir(dir);
      expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid, dir: real });
      lock.release();
    }
    // Nothing left beside it: no drafts, nothing moved aside.
    expect(readdirSync(dir)).toEqual([]);
  });
});
