import { PrismaService } from '../prisma/prisma.service.js';
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../clock/clock.js';
import { AdvisoryLockService } from '../scheduler/advisory-lock.service.js';
import type { TStoredKey } from './file-driver.js';
import { FileStore } from './file-store.js';
import { StoredFileRepository } from './stored-file.repository.js';

/** Advisory lock key of the orphan sweep (the deadline job's is 0x1ea2_0001, the outbox's 0x1ea2_0002, rehearsals' 0x1ea2_0003). */
export const FILE_SWEEP_LOCK = 0x1ea2_0004;
/**
 * How old a file without a row must be before it is removed. An upload writes its file inside the
 * transaction that writes its row (FileStore.keepNew), which the pool's statement and
 * idle-in-transaction timeouts end within seconds: an hour leaves every upload in flight alone.
 */
export const FILE_SWEEP_GRACE_MS = 3_600_000;
/** Keys looked up in the database at a time. */
const BATCH = 500;

export interface TFileSweep {
  checked: number;
  removed: number;
}

/**
 * Removes stored files that no StoredFile row holds and that are older than FILE_SWEEP_GRACE_MS:
 * what a process killed during an upload leaves behind (its transaction rolled back, its
 * clean-up never ran). One instance at a time, under an advisory lock.
 */
@Injectable()
export class FileSweep {
  private readonly logger = new Logger('files');

  constructor(
    private readonly files: FileStore,
    private readonly rows: StoredFileRepository,
    private readonly locks: AdvisoryLockService,
    private readonly clock: Clock,
    private readonly prisma: PrismaService,
  ) {}

  /** One pass under the sweep's lock; undefined when another instance holds it. */
  async run(): Promise<TFileSweep | undefined> {
    const r = await this.locks.withLock(FILE_SWEEP_LOCK, 'file-sweep', () => this.sweep());
    if (r && r.removed > 0) this.logger.log(`removed ${r.removed} stored file(s) without a row (of ${r.checked} checked)`);
    return r;
  }

  private async sweep(): Promise<TFileSweep> {
    const cutoff = this.clock.now().getTime() - FILE_SWEEP_GRACE_MS;
    const result: TFileSweep = { checked: 0, removed: 0 };
    let batch: TStoredKey[] = [];
    const flush = async () => {
      // A file any district's row holds is kept: the keys are looked up in every district, each under its policies.
      const keys = batch.map((k) => k.key);
      const known = new Set((await this.prisma.eachDistrict(async () => [...(await this.rows.known(keys))])).flat());
      for (const k of batch) {
        if (known.has(k.key)) continue;
        await this.files.remove(k.key);
        result.removed += 1;
      }
      batch = [];
    };
    for await (const k of this.files.list()) {
      result.checked += 1;
      if (k.modifiedAt.getTime() > cutoff) continue;
      batch.push(k);
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length > 0) await flush();
    return result;
  }
}
