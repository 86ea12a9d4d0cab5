import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

/** s3rver's fixed credentials: it checks every request's signature against them. */
export const S3_KEYS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface TestS3 {
  endpoint: string;
  /** The FILES_S3_* variables of an instance using it (a fresh bucket name unless given). */
  env(bucket?: string): Record<string, string>;
  close(): Promise<void>;
}

/** An S3-compatible server (s3rver) on a free loopback port, keeping its objects in a temporary folder. */
export async function startS3(): Promise<TestS3> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lw-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  let n = 0;
  return {
    endpoint,
    env: (bucket = `learnweek-${process.pid}-${++n}`) => ({
      FILES_S3_ENDPOINT: endpoint,
      FILES_S3_BUCKET: bucket,
      FILES_S3_ACCESS_KEY_ID: S3_KEYS.accessKeyId,
      FILES_S3_SECRET_ACCESS_KEY: S3_KEYS.secretAccessKey,
    }),
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
