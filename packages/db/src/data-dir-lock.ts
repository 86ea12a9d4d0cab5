/**
 * One process per embedded data folder. Two PGlite instances on one folder do not see each other's
 * writes and leave it unopenable ("Aborted()"), so the folder is claimed before PGlite touches it:
 * `<folder>/learnweek.pid` holds the owner's pid, the start time of that process and the folder's
 * real path, and is created atomically (a link of a complete file, EEXIST when taken). PostgreSQL's
 * own postmaster.pid is the model. A lock whose process is gone is stale and taken over; so is one
 * whose pid now belongs to another process (start time differs: pid reuse after a reboot) or that
 * names another folder (a copy of a running folder).
 *
 * Not proper-lockfile: its staleness is the lock's age (an mtime refreshed on a timer), so an owner
 * whose event loop is busy past `stale` loses its lock to a second process, a restart after a crash
 * waits for the lock to age, and nothing says which process holds it.
 */
import { linkSync, mkdirSync, readFileSync, realpathSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const DATA_DIR_LOCK_FILE = 'learnweek.pid';

export class DataDirLockedError extends Error {}

interface TLockOwner {
  pid: number;
  /** /proc/<pid>/stat's start time (Linux), to tell a reused pid from the owner. */
  started: string | null;
  dir: string;
}

export interface DataDirLock {
  release(): void;
}

/** When the process started, in clock ticks since boot; null where /proc is not there. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22; the command name (field 2) may hold spaces and parentheses, so count from its end.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function readOwner(file: string): TLockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as Partial<TLockOwner>;
    return typeof owner.pid === 'number' && typeof owner.dir === 'string'
      ? { pid: owner.pid, started: owner.started ?? null, dir: owner.dir }
      : undefined;
  } catch {
    return undefined;
  }
}

function holds(owner: TLockOwner | undefined, dir: string): owner is TLockOwner {
  if (!owner || owner.dir !== dir) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    // EPERM: the process exists and belongs to another user.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const started = processStart(owner.pid);
  return owner.started === null || started === null || started === owner.started;
}

const lockedError = (dir: string, owner: TLockOwner) =>
  new DataDirLockedError(
    `the data folder ${dir} is in use by process ${owner.pid}: stop that one first, or set PGLITE_DATA_DIR to another folder`,
  );

/** Claims `dir` (created if missing) for this process, or throws DataDirLockedError naming the owner. */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const dir = realpathSync(dataDir);
  const file = path.join(dir, DATA_DIR_LOCK_FILE);
  const mine: TLockOwner = { pid: process.pid, started: processStart(process.pid), dir };
  const draft = `${file}.${process.pid}`;
  writeFileSync(draft, `${JSON.stringify(mine)}\n`, { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(draft, file);
        return {
          release: () => {
            if (readOwner(file)?.pid === process.pid) unlinkSync(file);
          },
        };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const owner = readOwner(file);
      if (holds(owner, dir)) throw lockedError(dir, owner);
      // Stale: moved aside under our name first, so that of two processes taking over the same stale
      // lock, the one that comes second cannot remove the lock the first has just made.
      const aside = `${file}.stale.${process.pid}`;
      try {
        renameSync(file, aside);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      const moved = readOwner(aside);
      if (holds(moved, dir)) {
        // Another starter took it over in between: its lock goes back.
        try {
          linkSync(aside, file);
        } finally {
          unlinkSync(aside);
        }
        throw lockedError(dir, moved);
      }
      unlinkSync(aside);
    }
    throw new DataDirLockedError(`the data folder ${dir}: could not take its lock (${DATA_DIR_LOCK_FILE})`);
  } finally {
    unlinkSync(draft);
  }
}
