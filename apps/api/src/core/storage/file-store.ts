import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_OPTIONS, type AppOptions } from '../config/app-options.js';

export const FILE_VARIANTS = ['original', 'web', 'thumb'] as const;
export type TFileVariant = (typeof FILE_VARIANTS)[number];

/**
 * Uploaded files on disk under FILES_DIR, one folder a file: `<2 hex>/<file id>/<variant>`.
 * The key comes from the file's id, never from a name the user sent.
 */
@Injectable()
export class FileStore {
  private readonly root: string;

  constructor(@Inject(APP_OPTIONS) options: AppOptions) {
    this.root = path.resolve(options.config.filesDir);
  }

  keyOf(fileId: string): string {
    if (!/^[0-9a-f-]{36}$/.test(fileId)) throw new Error(`not a file id: ${fileId}`);
    return `${fileId.slice(0, 2)}/${fileId}`;
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

  async put(key: string, variants: Record<TFileVariant, Buffer>): Promise<void> {
    const dir = this.dir(key);
    await mkdir(dir, { recursive: true });
    await Promise.all(FILE_VARIANTS.map((v) => writeFile(path.join(dir, v), variants[v])));
  }

  read(key: string, variant: TFileVariant): Promise<Buffer> {
    return readFile(path.join(this.dir(key), variant));
  }

  remove(key: string): Promise<void> {
    return rm(this.dir(key), { recursive: true, force: true });
  }

  private dir(key: string): string {
    const dir = path.resolve(this.root, key);
    if (!dir.startsWith(this.root + path.sep)) throw new Error(`file key outside the store: ${key}`);
    return dir;
  }
}
