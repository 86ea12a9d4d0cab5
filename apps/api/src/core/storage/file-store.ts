import { randomUUID } from 'node:crypto';
import { currentDistrict } from '@learnweek/db';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_OPTIONS, type AppOptions } from '../config/app-options.js';
import { ApiException, notFound } from '../errors/api.exception.js';
import type { FileDriver, TFileVariant, TStoredKey } from './file-driver.js';
import { LocalFolderDriver } from './local-folder.driver.js';
import { S3Driver } from './s3.driver.js';

export { FILE_VARIANTS, type TFileVariant } from './file-driver.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Uploaded files, one folder (or key prefix) a file: `<district id>/<2 hex>/<file id>/<variant>`
 * (docs/ARCHITECTURE.md, "Tenancy"), or `<2 hex>/<file id>/<variant>` for a file kept before districts
 * or by work that runs in none: a StoredFile row holds its key, so old files are read where they are.
 * The key comes from the district of the work and the file's id, never from a name the user sent. The bytes go to a driver: FILES_DIR on this
 * machine (the embedded default), or S3-compatible object storage (FILES_S3_ENDPOINT), which every
 * instance behind a proxy shares.
 */
@Injectable()
export class FileStore implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('files');
  private readonly driver: FileDriver;

  constructor(@Inject(APP_OPTIONS) options: AppOptions) {
    const { filesS3, filesDir } = options.config;
    this.driver = filesS3 ? new S3Driver(filesS3) : new LocalFolderDriver(filesDir);
  }

  async onModuleInit(): Promise<void> {
    await this.driver.init();
  }

  async onModuleDestroy(): Promise<void> {
    await this.driver.close();
  }

  /** Where the files are: `folder <path>` or `s3 <endpoint>/<bucket>`. */
  get location(): string {
    return this.driver.name;
  }

  /** A new file's key: under the district of the work under way, when it runs in one. */
  keyOf(fileId: string, districtId: string | undefined = currentDistrict()): string {
    if (!/^[0-9a-f-]{36}$/.test(fileId)) throw new Error(`not a file id: ${fileId}`);
    if (districtId !== undefined && !UUID.test(districtId)) throw new Error(`not a district id: ${districtId}`);
    return `${districtId === undefined ? '' : `${districtId}/`}${fileId.slice(0, 2)}/${fileId}`;
  }

  /**
   * Keeps a new file: `save` gets a fresh id and key, writes its rows and `put`s the files last,
   * inside its transaction; on any failure whatever was written under the key is removed.
   */
  async keepNew<T>(save: (fileId: string, key: string) => Promise<T>): Promise<T> {
    const fileId = randomUUID();
    const key = this.keyOf(fileId);
    try {
      return await save(fileId, key);
    } catch (err) {
      await this.remove(key);
      throw err;
    }
  }

  /**
   * Writes a file's variants. A store that fails (a full or read-only disk, an I/O error, object
   * storage away) is the service's trouble, not the request's: 503 with Retry-After, logged.
   */
  async put(key: string, variants: Record<TFileVariant, Buffer>): Promise<void> {
    try {
      await this.driver.put(key, variants);
    } catch (err) {
      this.logger.warn(`cannot write ${key} to ${this.driver.name}: ${err instanceof Error ? err.message : String(err)}`);
      throw new ApiException(503, 'serviceUnavailable');
    }
  }

  /** Every key the store holds, with its last write (FileSweep). */
  list(): AsyncIterable<TStoredKey> {
    return this.driver.list();
  }

  /** A variant's bytes; a 404 when the store has no such file (with a line for the operator). */
  async read(key: string, variant: TFileVariant): Promise<Buffer> {
    const bytes = await this.driver.read(key, variant);
    if (bytes) return bytes;
    // A file recorded in the database but absent here: most often instances that do not share their storage.
    this.logger.warn(
      `file ${key}/${variant} is recorded but missing from ${this.driver.name} (several instances need shared storage: FILES_S3_ENDPOINT)`,
    );
    throw notFound();
  }

  remove(key: string): Promise<void> {
    return this.driver.remove(key);
  }
}
