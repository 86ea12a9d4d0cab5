import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { TFilesS3Config } from '../config/config.js';
import { FILE_VARIANTS, type FileDriver, type TFileVariant, type TStoredKey, isDistrictSegment } from './file-driver.js';

const CONTENT_TYPE: Record<TFileVariant, string> = { original: 'image/jpeg', web: 'image/jpeg', thumb: 'image/jpeg' };

/**
 * Files in S3-compatible object storage through the AWS SDK v3 client: object `<key>/<variant>`
 * in one private bucket. Every instance reads what any of them wrote; the API serves the bytes
 * itself (its signed links), so the bucket never needs to be reachable from browsers.
 *
 * Checksums only where an operation requires them: the SDK's default (a CRC32 on every upload and
 * download) is refused or ignored by several S3-compatible servers.
 */
export class S3Driver implements FileDriver {
  private readonly s3: S3Client;

  constructor(private readonly config: TFilesS3Config) {
    this.s3 = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      ...(config.credentials ? { credentials: config.credentials } : {}),
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
    });
  }

  get name(): string {
    return `s3 ${this.config.endpoint.replace(/\/$/, '')}/${this.config.bucket}`;
  }

  /** The bucket must exist: it is made when it is missing (MinIO and test servers start empty). */
  async init(): Promise<void> {
    try {
      await this.s3.send(new HeadBucketCommand({ Bucket: this.config.bucket }));
    } catch (err) {
      if (!(err instanceof S3ServiceException) || err.$metadata.httpStatusCode !== 404)
        throw new Error(`${this.name}: ${describe(err)}`, { cause: err });
      try {
        await this.s3.send(new CreateBucketCommand({ Bucket: this.config.bucket }));
      } catch (created) {
        // Another instance made it meanwhile.
        if (created instanceof S3ServiceException && ['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes(created.name)) return;
        throw new Error(`${this.name}: cannot create the bucket: ${describe(created)}`, { cause: created });
      }
    }
  }

  async put(key: string, variants: Record<TFileVariant, Buffer>): Promise<void> {
    await Promise.all(
      FILE_VARIANTS.map((v) =>
        this.s3.send(
          new PutObjectCommand({ Bucket: this.config.bucket, Key: `${key}/${v}`, Body: variants[v], ContentType: CONTENT_TYPE[v] }),
        ),
      ),
    );
  }

  async read(key: string, variant: TFileVariant): Promise<Buffer | undefined> {
    try {
      const r = await this.s3.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: `${key}/${variant}` }));
      if (!r.Body) return undefined;
      return Buffer.from(await r.Body.transformToByteArray());
    } catch (err) {
      if (err instanceof NoSuchKey || (err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404)) return undefined;
      throw err;
    }
  }

  /** The bucket's `<key>/<variant>` objects grouped by key (listed in key order, so a key's objects are adjacent), newest write of each. */
  async *list(): AsyncIterable<TStoredKey> {
    let current: TStoredKey | undefined;
    let token: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.config.bucket, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        // `<district id>/<2 hex>/<file id>/<variant>`, or `<2 hex>/<file id>/<variant>` for a file kept before districts.
        const parts = o.Key?.split('/') ?? [];
        const key = parts.slice(0, isDistrictSegment(parts[0] ?? '') ? 3 : 2).join('/');
        const at = o.LastModified ?? new Date(0);
        if (!key) continue;
        if (current?.key === key) {
          if (at > current.modifiedAt) current.modifiedAt = at;
          continue;
        }
        if (current) yield current;
        current = { key, modifiedAt: at };
      }
      token = page.NextContinuationToken;
    } while (token);
    if (current) yield current;
  }

  async remove(key: string): Promise<void> {
    const r = await this.s3.send(
      new DeleteObjectsCommand({
        Bucket: this.config.bucket,
        Delete: { Objects: FILE_VARIANTS.map((v) => ({ Key: `${key}/${v}` })), Quiet: true },
      }),
    );
    const failed = (r.Errors ?? []).filter((e) => e.Code !== 'NoSuchKey');
    if (failed.length > 0) throw new Error(`${this.name}: could not remove ${failed.map((e) => `${e.Key} (${e.Code})`).join(', ')}`);
  }

  close(): Promise<void> {
    this.s3.destroy();
    return Promise.resolve();
  }
}

const describe = (err: unknown) =>
  err instanceof S3ServiceException
    ? `${err.name} (HTTP ${err.$metadata.httpStatusCode ?? '?'})`
    : err instanceof Error
      ? err.message
      : String(err);
