import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { currentDistrict } from '@learnweek/db';
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

  /**
   * Valid for 2–3 hours; the same link within an hour, so browsers can cache it. It names the file's
   * district (`d`, signed): the download looks the file up in that district only (docs/ARCHITECTURE.md,
   * "Tenancy"). By default the district of the work under way; a link made in none names none.
   */
  url(fileId: string, size: TServedSize, districtId: string | undefined = currentDistrict()): string {
    const exp = (Math.floor(this.clock.now().getTime() / 1000 / HOUR) + 3) * HOUR;
    const d = districtId === undefined ? '' : `&d=${districtId}`;
    return `/api/files/${fileId}?size=${size}&exp=${exp}${d}&sig=${this.sign(fileId, size, exp, districtId)}`;
  }

  verify(fileId: string, size: TServedSize, exp: number, sig: string, districtId?: string): boolean {
    if (exp * 1000 < this.clock.now().getTime()) return false;
    const want = Buffer.from(this.sign(fileId, size, exp, districtId));
    const got = Buffer.from(sig);
    return got.length === want.length && timingSafeEqual(got, want);
  }

  private sign(fileId: string, size: TServedSize, exp: number, districtId: string | undefined): string {
    const signed = districtId === undefined ? `${fileId}:${size}:${exp}` : `${districtId}:${fileId}:${size}:${exp}`;
    return createHmac('sha256', this.key).update(signed).digest('base64url');
  }
}
