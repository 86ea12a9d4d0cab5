import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApiException } from '../errors/api.exception.js';

/** @nestjs/throttler answering like the rest of the API: a 429 in the caller's language. */
@Injectable()
export class ApiThrottlerGuard extends ThrottlerGuard {
  protected override throwThrottlingException(): Promise<void> {
    throw new ApiException(429, 'tooManyRequests');
  }
}
