import { Controller, Delete, Get, HttpCode, Post, Put, Req, Res, UseInterceptors } from '@nestjs/common';
import { ZDiscRequest, ZServedFileQuery, ZUploadPhotoFields, type TDiscRequest, type TPhoto, type TSummary } from '@learnweek/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { CurrentUser, Public, Roles } from '../../core/auth/auth.decorators.js';
import type { UserPrincipal } from '../../core/auth/principal.js';
import { localeOf } from '../../core/errors/locale.js';
import { parseOrThrow, ValidBody, ValidParam, ValidQuery } from '../../core/errors/validation.js';
import { SingleFileInterceptor, uploadedFile } from '../../core/http/single-file.interceptor.js';
import { PhotoService } from './photo.service.js';
import { UploadsInto } from './upload.guard.js';
import { WritesCampaign } from '../campaign/campaign-writable.guard.js';

@Controller()
export class PhotoController {
  constructor(private readonly photos: PhotoService) {}

  /** multipart/form-data: `file` (the photo), `activityId`, `caption`; read only once the upload is allowed. */
  @Roles('coordinator')
  @WritesCampaign('participation')
  @UploadsInto('photo')
  @Post('participations/:id/photos')
  @UseInterceptors(SingleFileInterceptor)
  upload(@ValidParam('id') id: string, @CurrentUser() user: UserPrincipal, @Req() req: FastifyRequest): Promise<TPhoto> {
    const fields = parseOrThrow(ZUploadPhotoFields, req.body, localeOf(req));
    return this.photos.upload(id, user, uploadedFile(req), fields);
  }

  @Roles('coordinator')
  @WritesCampaign('participation')
  @Delete('participations/:id/photos/:photoId')
  @HttpCode(204)
  remove(@ValidParam('id') id: string, @ValidParam('photoId') photoId: string, @CurrentUser() user: UserPrincipal): Promise<void> {
    return this.photos.remove(id, photoId, user);
  }

  @Roles('approver', 'organizer')
  @WritesCampaign('participation')
  @Put('participations/:id/disc')
  disc(@ValidParam('id') id: string, @CurrentUser() user: UserPrincipal, @ValidBody(ZDiscRequest) body: TDiscRequest): Promise<TSummary> {
    return this.photos.markDisc(id, user, body.delivered);
  }

  /** A photo's web-size copy or thumbnail, by the signed link in the participation's detail. */
  @Public()
  @Get('files/:id')
  async file(@ValidParam('id') id: string, @ValidQuery(ZServedFileQuery) q: z.output<typeof ZServedFileQuery>, @Res() reply: FastifyReply): Promise<void> {
    const jpeg = await this.photos.served(id, q.size, q.exp, q.sig);
    void reply.headers({ 'Content-Type': 'image/jpeg', 'Cache-Control': 'private, max-age=3600', 'X-Content-Type-Options': 'nosniff' }).send(jpeg);
  }
}
