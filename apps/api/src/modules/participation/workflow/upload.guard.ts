import { applyDecorators, type CanActivate, type ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ZParticipationState } from '@learnweek/contracts';
import { isCoordinatorOf, participationStates } from '@learnweek/workflow';
import { workflowActor } from '../../../core/auth/principal.js';
import { ApiException, fieldError, forbidden, notFound } from '../../../core/errors/api.exception.js';
import { uploadTarget } from '../../../core/http/upload-target.js';
import { toCampaign } from '../../../core/mappers/campaign.mapper.js';
import { ParticipationRepository } from './participation.repository.js';

type TUpload = 'schedule' | 'photo';
const UPLOAD = 'learnweek:participationUpload';

/**
 * Whether the caller may upload into the participation `:id` now, decided before the body is read:
 * one of its unit's coordinators (403; 404 when there is no such participation), in a state that
 * takes the upload (409), with a free photo slot for a photo (409). The campaign's closing is the
 * CampaignWritableGuard's (409). The write checks all of it again under the participation's lock;
 * this is what keeps a sheet or an image nobody may store from being read at all.
 */
@Injectable()
export class ParticipationUploadGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly repo: ParticipationRepository,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const upload = this.reflector.get<TUpload | undefined>(UPLOAD, ctx.getHandler());
    if (upload === undefined) throw new Error('ParticipationUploadGuard without @UploadsInto');
    const { caller, id } = uploadTarget(ctx);
    const p = await this.repo.findUploadTarget(id);
    if (!p) throw notFound();
    if (!isCoordinatorOf(workflowActor(caller), p.unitId)) throw forbidden();
    const states = participationStates(upload === 'schedule' ? 'planEditable' : 'summaryEditable');
    if (!states.includes(ZParticipationState.parse(p.state))) throw new ApiException(409, 'notEditable');
    if (upload === 'photo' && p._count.photos >= toCampaign(p.campaign).rules.photosRequired)
      throw fieldError(409, 'file', 'lw.photoLimit');
    return true;
  }
}

/** An upload into the participation `:id` (the schedule sheet, or a summary photo): allowed or refused before its body is read. */
export const UploadsInto = (upload: TUpload) => applyDecorators(SetMetadata(UPLOAD, upload), UseGuards(ParticipationUploadGuard));
