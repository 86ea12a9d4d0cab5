import { Controller, Req, Res, UseInterceptors } from '@nestjs/common';
import {
  ROUTES,
  type TBody,
  type TImportUnitsResponse,
  type TUnitImportPreview,
  type TListTownsResponse,
  type TListUnitsResponse,
  type TQuery,
  type TResponse,
  type TUnit,
} from '@learnweek/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { localeOf } from '../../core/errors/locale.js';
import { Endpoint, RouteBody, RouteParam, RouteQuery } from '../../core/http/endpoint.decorator.js';
import { sendXlsx, xlsxBody, XlsxBodyInterceptor } from '../../core/http/xlsx.js';
import { UnitService } from './unit.service.js';

const R = ROUTES.units;

@Controller()
export class UnitController {
  constructor(private readonly units: UnitService) {}

  @Endpoint(R.list)
  list(@RouteQuery() q: TQuery<typeof R.list, 'output'>): Promise<TListUnitsResponse> {
    return this.units.list(q);
  }

  /** The import template: headers, an example row, pick lists. */
  @Endpoint(R.template)
  async template(@Res() reply: FastifyReply): Promise<void> {
    const { filename, xlsx } = await this.units.template();
    await sendXlsx(reply, filename, xlsx);
  }

  @Endpoint(R.towns)
  towns(): Promise<TListTownsResponse> {
    return this.units.towns();
  }

  @Endpoint(R.createTown)
  createTown(@RouteBody() body: TBody<typeof R.createTown, 'output'>): Promise<TResponse<typeof R.createTown>> {
    return this.units.createTown(body.name);
  }

  /** Deactivate or reactivate a unit. */
  @Endpoint(R.setActive)
  update(@RouteParam('id') id: string, @RouteBody() body: TBody<typeof R.setActive, 'output'>): Promise<TUnit> {
    return this.units.setActive(id, body.active);
  }

  /** The unit list as .xlsx body; `?campaignId=` also invites the units to that campaign. */
  @Endpoint(R.import)
  @UseInterceptors(XlsxBodyInterceptor)
  import(@RouteQuery() q: TQuery<typeof R.import, 'output'>, @Req() req: FastifyRequest): Promise<TImportUnitsResponse> {
    return this.units.import(xlsxBody(req), q.campaignId, q.confirm, localeOf(req));
  }

  /** What importing the list would do, nothing saved. */
  @Endpoint(R.previewImport)
  @UseInterceptors(XlsxBodyInterceptor)
  previewImport(@Req() req: FastifyRequest): Promise<TUnitImportPreview> {
    return this.units.previewImport(xlsxBody(req), localeOf(req));
  }
}
