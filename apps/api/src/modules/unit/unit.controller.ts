import { Controller, Get, Post, Put, Req, Res, UseInterceptors } from '@nestjs/common';
import {
  ZCreateTownRequest,
  ZImportUnitsQuery,
  ZListUnitsQuery,
  ZUpdateUnitRequest,
  type TCreateTownRequest,
  type TImportUnitsResponse,
  type TListTownsResponse,
  type TListUnitsResponse,
  type TUnit,
  type TUpdateUnitRequest,
} from '@learnweek/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { Roles } from '../../core/auth/auth.decorators.js';
import { localeOf } from '../../core/errors/locale.js';
import { ValidBody, ValidParam, ValidQuery } from '../../core/errors/validation.js';
import { sendXlsx, xlsxBody, XlsxBodyInterceptor } from '../../core/http/xlsx.js';
import { UnitService } from './unit.service.js';
import { WritesCampaign } from '../campaign/campaign-writable.guard.js';

@Controller()
export class UnitController {
  constructor(private readonly units: UnitService) {}

  @Roles('organizer', 'approver')
  @Get('units')
  list(@ValidQuery(ZListUnitsQuery) q: z.output<typeof ZListUnitsQuery>): Promise<TListUnitsResponse> {
    return this.units.list(q);
  }

  /** The import template: headers, an example row, pick lists. */
  @Roles('organizer')
  @Get('units/template.xlsx')
  async template(@Res() reply: FastifyReply): Promise<void> {
    const { filename, xlsx } = await this.units.template();
    sendXlsx(reply, filename, xlsx);
  }

  @Get('towns')
  towns(): Promise<TListTownsResponse> {
    return this.units.towns();
  }

  @Roles('organizer')
  @WritesCampaign('none')
  @Post('towns')
  createTown(@ValidBody(ZCreateTownRequest) body: TCreateTownRequest): Promise<{ id: string; name: string }> {
    return this.units.createTown(body.name);
  }

  /** Deactivate or reactivate a unit. */
  @Roles('organizer')
  @WritesCampaign('none')
  @Put('units/:id')
  update(@ValidParam('id') id: string, @ValidBody(ZUpdateUnitRequest) body: TUpdateUnitRequest): Promise<TUnit> {
    return this.units.setActive(id, body.active);
  }

  /** The unit list as .xlsx body; `?campaignId=` also invites the units to that campaign. */
  @Roles('organizer')
  @WritesCampaign('queryCampaignId')
  @UseInterceptors(XlsxBodyInterceptor)
  @Post('units.xlsx')
  import(@ValidQuery(ZImportUnitsQuery) q: z.output<typeof ZImportUnitsQuery>, @Req() req: FastifyRequest): Promise<TImportUnitsResponse> {
    return this.units.import(xlsxBody(req), q.campaignId, localeOf(req));
  }
}
