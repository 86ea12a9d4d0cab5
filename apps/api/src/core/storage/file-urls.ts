import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock.js';
import { APP_OPTIONS, type AppOptions } from '../config/app-options.js';

export type TServedSize = 'web' | 'thumb';

const HOUR = 3600;

/**
 * Signed, expiring links to the served copies of a file, so that an <img> can show a photo
 * without a bearer header; whoever may read the participation gets them in its detail.
 */
@Injectable()
export class FileUrls {
  private readonly key: Buffer;

  constructor(
    @Inject(APP_OPTIONS) options: AppOptions,
    private readonly clock: Clock,
  ) {
    this.key = createHmac('sha256', options.config.jwtSecret).update('file-urls').digest();
  }

  /** Valid for 2–3 hours; the same link within an hour, so browsers can cache it. */
  url(fileId: string, size: TServedSize): string {
    const exp = (Math.floor(this.clock.now().getTime() / 1000 / HOUR) + 3) * HOUR;
    return `/api/files/${fileId}?size=${size}&exp=${exp}&sig=${this.sign(fileId, size, exp)}`;
  }

  verify(fileId: string, size: TServedSize, exp: number, sig: string): boolean {
    if (exp * 1000 < this.clock.now().getTime()) return false;
    const want = Buffer.from(this.sign(fileId, size, exp));
    const got = Buffer.from(sig);
    return got.length === want.length && timingSafeEqual(got, want);
  }

  private sign(fileId: string, size: TServedSize, exp: number): string {
    return createHmac('sha256', this.key).update(`${fileId}:${size}:${exp}`).digest('base64url');
  }
}
