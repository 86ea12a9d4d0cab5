import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { notFound } from '../../core/errors/api.exception.js';
import { uploadTarget } from '../../core/http/upload-target.js';
import { CheckinRepository } from './checkin.repository.js';

/**
 * A pre-registered list goes to a check-in session that exists (404 before the sheet is read).
 * Who may import is the route's declared `roles`; a closed campaign is the CampaignWritableGuard's.
 */
@Injectable()
export class AttendeeImportGuard implements CanActivate {
  constructor(private readonly repo: CheckinRepository) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const { id } = uploadTarget(ctx);
    if (!(await this.repo.findSession(id))) throw notFound();
    return true;
  }
}
