import { Controller, Req, Res, UseInterceptors } from '@nestjs/common';
import { MEDIA, ROUTES, type TBody, type TPhoto, type TQuery, type TSummary, type TUploadFields } from '@learnweek/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser } from '../../../core/auth/auth.decorators.js';
import type { UserPrincipal } from '../../../core/auth/principal.js';
import { PrismaService } from '../../../core/prisma/prisma.service.js';
import { Endpoint, RouteBody, RouteFields, RouteParam, RouteQuery } from '../../../core/http/endpoint.decorator.js';
import { SingleFileInterceptor, uploadedFile } from '../../../core/http/single-file.interceptor.js';
import { PhotoService } from './photo.service.js';
import { UploadsInto } from '../workflow/upload.guard.js';

const R = ROUTES.participations;

@Controller()
export class PhotoController {
  constructor(
    private readonly photos: PhotoService,
    private readonly prisma: PrismaService,
  ) {}

  /** multipart/form-data: `file` (the photo), `activityId`, `caption`; read only once the upload is allowed. */
  @Endpoint(R.uploadPhoto)
  @UploadsInto('photo')
  @UseInterceptors(SingleFileInterceptor)
  upload(
    @RouteParam('id') id: string,
    @CurrentUser() user: UserPrincipal,
    @RouteFields() fields: TUploadFields<typeof R.uploadPhoto, 'output'>,
    @Req() req: FastifyRequest,
  ): Promise<TPhoto> {
    return this.photos.upload(id, user, uploadedFile(req), fields);
  }

  @Endpoint(R.deletePhoto)
  remove(@RouteParam('id') id: string, @RouteParam('photoId') photoId: string, @CurrentUser() user: UserPrincipal): Promise<void> {
    return this.photos.remove(id, photoId, user);
  }

  @Endpoint(R.markDiscSent)
  discSent(
    @RouteParam('id') id: string,
    @CurrentUser() user: UserPrincipal,
    @RouteBody() body: TBody<typeof R.markDiscSent, 'output'>,
  ): Promise<TSummary> {
    return this.photos.markDiscSent(id, user, body);
  }

  @Endpoint(R.markDisc)
  disc(
    @RouteParam('id') id: string,
    @CurrentUser() user: UserPrincipal,
    @RouteBody() body: TBody<typeof R.markDisc, 'output'>,
  ): Promise<TSummary> {
    return this.photos.markDisc(id, user, body.delivered);
  }

  /** A photo's web-size copy or thumbnail, by the signed link in the participation's detail. */
  @Endpoint(R.file)
  async file(@RouteParam('id') id: string, @RouteQuery() q: TQuery<typeof R.file, 'output'>, @Res() reply: FastifyReply): Promise<void> {
    // Public (a signed link): the file's district; a link naming another (d) finds nothing there.
    await this.prisma.enterDistrictOf('storedFile', id);
    const jpeg = await this.photos.served(id, q.size, q.exp, q.sig, q.d);
    void reply
      .headers({ 'Content-Type': MEDIA.jpeg, 'Cache-Control': 'private, max-age=3600', 'X-Content-Type-Options': 'nosniff' })
      .send(jpeg);
  }
}
