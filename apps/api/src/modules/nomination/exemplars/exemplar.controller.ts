import { Controller, Res } from '@nestjs/common';
import { ROUTES, type TPublicExemplars } from '@learnweek/contracts';
import type { FastifyReply } from 'fastify';
import { DOCX } from '../../../core/docx/word.js';
import { Endpoint, RouteParam } from '../../../core/http/endpoint.decorator.js';
import { PrismaService } from '../../../core/prisma/prisma.service.js';
import { sendFile, streamExport } from '../../../core/http/xlsx.js';
import { recommendationDocx } from './exemplar-docx.js';
import { recommendationXlsx } from './exemplar-xlsx.js';
import { ExemplarService } from './exemplar.service.js';

const R = ROUTES.exemplars;

@Controller()
export class ExemplarController {
  constructor(
    private readonly exemplars: ExemplarService,
    private readonly prisma: PrismaService,
  ) {}

  @Endpoint(R.exportForm)
  async exportXlsx(@RouteParam('id') campaignId: string, @Res() reply: FastifyReply): Promise<void> {
    await streamExport(reply, recommendationXlsx(await this.exemplars.recommendationRows(campaignId)));
  }

  @Endpoint(R.exportPages)
  async exportDocx(@RouteParam('id') campaignId: string, @Res() reply: FastifyReply): Promise<void> {
    const { campaign, forms } = await this.exemplars.recommendationForms(campaignId);
    await sendFile(reply, `${campaign.title}典型推荐表.docx`, DOCX, await recommendationDocx(campaign.title, forms));
  }

  @Endpoint(R.published)
  async publicExemplars(@RouteParam('id') campaignId: string): Promise<TPublicExemplars> {
    // Public: the campaign's district.
    await this.prisma.enterDistrictOf('campaign', campaignId);
    return this.exemplars.publicExemplars(campaignId);
  }
}
