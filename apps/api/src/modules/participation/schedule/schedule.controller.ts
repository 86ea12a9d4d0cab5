import { Controller, Req, Res, UseInterceptors } from '@nestjs/common';
import { ROUTES, type TListActivitiesResponse, type TQuery, type TScheduleImportPreview } from '@learnweek/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser } from '../../../core/auth/auth.decorators.js';
import type { UserPrincipal } from '../../../core/auth/principal.js';
import { localeOf } from '../../../core/errors/locale.js';
import { Endpoint, RouteParam, RouteQuery } from '../../../core/http/endpoint.decorator.js';
import { sendXlsx, xlsxBody, XlsxBodyInterceptor } from '../../../core/http/xlsx.js';
import { UploadsInto } from '../workflow/upload.guard.js';
import { ScheduleService } from './schedule.service.js';

const R = ROUTES.participations;

@Controller()
export class ScheduleController {
  constructor(private readonly schedules: ScheduleService) {}

  /** The schedule table as .xlsx; `?template=1` for the blank template with pick lists. */
  @Endpoint(R.exportSchedule)
  async exportSchedule(
    @RouteParam('id') id: string,
    @RouteQuery() q: TQuery<typeof R.exportSchedule, 'output'>,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { filename, xlsx } = await this.schedules.exportSchedule(id, user, q.template);
    await sendXlsx(reply, filename, xlsx);
  }

  /**
   * Replaces the schedule from an .xlsx body; 422 with errors by row and column, nothing saved.
   * Who may, and whether the plan is editable, is decided before the body is read.
   */
  @Endpoint(R.importSchedule)
  @UploadsInto('schedule')
  @UseInterceptors(XlsxBodyInterceptor)
  async importSchedule(
    @RouteParam('id') id: string,
    @RouteQuery() q: TQuery<typeof R.importSchedule, 'output'>,
    @CurrentUser() user: UserPrincipal,
    @Req() req: FastifyRequest,
  ): Promise<TListActivitiesResponse> {
    return { items: await this.schedules.importSchedule(id, user, xlsxBody(req), q.confirm, localeOf(req)) };
  }

  /** What importing the table would do, nothing saved; the console shows it and asks before the import. */
  @Endpoint(R.previewScheduleImport)
  @UploadsInto('schedule')
  @UseInterceptors(XlsxBodyInterceptor)
  previewScheduleImport(
    @RouteParam('id') id: string,
    @CurrentUser() user: UserPrincipal,
    @Req() req: FastifyRequest,
  ): Promise<TScheduleImportPreview> {
    return this.schedules.previewImport(id, user, xlsxBody(req), localeOf(req));
  }
}
