import { Controller, Req, UseGuards, UseInterceptors } from '@nestjs/common';
import { ROUTES, type TNominationDetail } from '@learnweek/contracts';
import type { FastifyRequest } from 'fastify';
import { CurrentUser } from '../../../core/auth/auth.decorators.js';
import type { UserPrincipal } from '../../../core/auth/principal.js';
import { Endpoint, RouteParam } from '../../../core/http/endpoint.decorator.js';
import { SingleFileInterceptor, uploadedFile } from '../../../core/http/single-file.interceptor.js';
import { NominationPhotoGuard } from './nomination-photo.guard.js';
import { NominationPhotoService } from './nomination-photo.service.js';

const R = ROUTES.exemplars;

@Controller()
export class NominationPhotoController {
  constructor(private readonly photos: NominationPhotoService) {}

  /** multipart/form-data with `file`; read only once the upload is allowed. */
  @Endpoint(R.addPhoto)
  @UseGuards(NominationPhotoGuard)
  @UseInterceptors(SingleFileInterceptor)
  addPhoto(@RouteParam('id') id: string, @CurrentUser() user: UserPrincipal, @Req() req: FastifyRequest): Promise<TNominationDetail> {
    return this.photos.addPhoto(id, user, uploadedFile(req));
  }

  @Endpoint(R.deletePhoto)
  removePhoto(@RouteParam('id') id: string, @RouteParam('photoId') photoId: string, @CurrentUser() user: UserPrincipal): Promise<void> {
    return this.photos.removePhoto(id, photoId, user);
  }
}
