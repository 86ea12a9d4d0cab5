export const FILE_VARIANTS = ['original', 'web', 'thumb'] as const;
export type TFileVariant = (typeof FILE_VARIANTS)[number];

export interface TStoredKey {
  key: string;
  modifiedAt: Date;
}

/**
 * Where the bytes of uploaded files live: one folder (or key prefix) per file, one object per
 * variant. Keys come from FileStore (the file's id), never from anything a user sent.
 */
export interface FileDriver {
  /** What the logs call it: `folder /srv/files`, `s3 http://minio:9000/learnweek`. */
  readonly name: string;
  /** Checks (and for object storage prepares) the place before the service takes requests. */
  init(): Promise<void>;
  put(key: string, variants: Record<TFileVariant, Buffer>): Promise<void>;
  /** The variant's bytes, or undefined when the driver has no such file. */
  read(key: string, variant: TFileVariant): Promise<Buffer | undefined>;
  /** Every key with something under it, and when it was last written (for the orphan sweep). */
  list(): AsyncIterable<TStoredKey>;
  /** Removes every variant; a key with nothing under it is not an error. */
  remove(key: string): Promise<void>;
  close(): Promise<void>;
}

/** A district folder of the store (`<district id>/…`): its keys have one segment more than an old file's. */
export const isDistrictSegment = (segment: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(segment);
