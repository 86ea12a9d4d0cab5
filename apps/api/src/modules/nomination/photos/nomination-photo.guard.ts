import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { ZNominationState } from '@learnweek/contracts';
import { isCoordinatorOf, nominationStates } from '@learnweek/workflow';
import { workflowActor } from '../../../core/auth/principal.js';
import { ApiException, fieldError, forbidden, notFound } from '../../../core/errors/api.exception.js';
import { uploadTarget } from '../../../core/http/upload-target.js';
import { NominationPhotoRepository } from './nomination-photo.repository.js';
import { NOMINATION_PHOTOS } from './nomination-photo.service.js';

/**
 * Whether the caller may add a photo to the nomination `:id` now, decided before the image is
 * read: one of its unit's coordinators (403; 404 when there is none), a draft or returned
 * nomination (409), a free place (409). The write checks again under the nomination's lock.
 */
@Injectable()
export class NominationPhotoGuard implements CanActivate {
  constructor(private readonly repo: NominationPhotoRepository) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const { caller, id } = uploadTarget(ctx);
    const n = await this.repo.findUploadTarget(id);
    if (!n) throw notFound();
    if (!isCoordinatorOf(workflowActor(caller), n.unitId)) throw forbidden();
    if (!nominationStates('editable').includes(ZNominationState.parse(n.state))) throw new ApiException(409, 'notEditable');
    if (n._count.photos >= NOMINATION_PHOTOS) throw fieldError(409, 'file', 'lw.nominationPhotoLimit');
    return true;
  }
}
