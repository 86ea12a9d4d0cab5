import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FILE_VARIANTS, isDistrictSegment, type FileDriver, type TFileVariant, type TStoredKey } from './file-driver.js';

/** Files in a folder of this machine (FILES_DIR): `<root>/<key>/<variant>`. The embedded default. */
export class LocalFolderDriver implements FileDriver {
  private readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  get name(): string {
    return `folder ${this.root}`;
  }

  async init(): Promise<void> {
    await mkdir(this.root, { recursive: true });
  }

  async put(key: string, variants: Record<TFileVariant, Buffer>): Promise<void> {
    const dir = this.dir(key);
    await mkdir(dir, { recursive: true });
    await Promise.all(FILE_VARIANTS.map((v) => writeFile(path.join(dir, v), variants[v])));
  }

  async read(key: string, variant: TFileVariant): Promise<Buffer | undefined> {
    try {
      return await readFile(path.join(this.dir(key), variant));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  /**
   * `<root>/<district id>/<2 hex>/<file id>` and (kept before districts) `<root>/<2 hex>/<file id>`
   * folders, with their modification time (a variant written touches it).
   */
  async *list(): AsyncIterable<TStoredKey> {
    yield* this.shards('');
    for (const district of await this.names(this.root)) if (isDistrictSegment(district)) yield* this.shards(district);
  }

  private names(dir: string): Promise<string[]> {
    return readdir(dir).catch(() => [] as string[]);
  }

  /** The `<2 hex>/<file id>` folders under `prefix` (a district's folder, or the root). */
  private async *shards(prefix: string): AsyncIterable<TStoredKey> {
    for (const shard of await this.names(path.join(this.root, prefix))) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      for (const id of await this.names(path.join(this.root, prefix, shard))) {
        const s = await stat(path.join(this.root, prefix, shard, id)).catch(() => undefined);
        if (s?.isDirectory()) yield { key: `${prefix ? `${prefix}/` : ''}${shard}/${id}`, modifiedAt: s.mtime };
      }
    }
  }

  remove(key: string): Promise<void> {
    return rm(this.dir(key), { recursive: true, force: true });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private dir(key: string): string {
    const dir = path.resolve(this.root, key);
    if (!dir.startsWith(this.root + path.sep)) throw new Error(`file key outside the store: ${key}`);
    return dir;
  }
}
