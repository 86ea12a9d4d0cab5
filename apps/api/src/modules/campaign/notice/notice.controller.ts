import { Controller, Res } from '@nestjs/common';
import { MEDIA, ROUTES, type TBody, type TCampaignNotice, type TDocumentRegister, type TQuery } from '@learnweek/contracts';
import type { FastifyReply } from 'fastify';
import { CurrentUser } from '../../../core/auth/auth.decorators.js';
import type { UserPrincipal } from '../../../core/auth/principal.js';
import { DOCX } from '../../../core/docx/word.js';
import { Endpoint, RouteBody, RouteParam, RouteQuery } from '../../../core/http/endpoint.decorator.js';
import { sendFile } from '../../../core/http/xlsx.js';
import { PrismaService } from '../../../core/prisma/prisma.service.js';
import { NoticeService } from './notice.service.js';

const R = ROUTES.campaigns;

@Controller()
export class NoticeController {
  constructor(
    private readonly notices: NoticeService,
    private readonly prisma: PrismaService,
  ) {}

  @Endpoint(R.notice)
  notice(@RouteParam('id') campaignId: string, @CurrentUser() user: UserPrincipal): Promise<TCampaignNotice> {
    return this.notices.get(campaignId, user);
  }

  @Endpoint(R.setNotice)
  setNotice(@RouteParam('id') campaignId: string, @RouteBody() body: TBody<typeof R.setNotice, 'output'>): Promise<TCampaignNotice> {
    return this.notices.save(campaignId, body);
  }

  @Endpoint(R.issueNumber)
  issueNumber(@RouteParam('id') campaignId: string): Promise<TCampaignNotice> {
    return this.notices.issueNumber(campaignId);
  }

  @Endpoint(R.noticeDocx)
  async noticeDocx(@RouteParam('id') campaignId: string, @CurrentUser() user: UserPrincipal, @Res() reply: FastifyReply): Promise<void> {
    const { name, file } = await this.notices.docx(campaignId, user);
    await sendFile(reply, name, DOCX, file);
  }

  @Endpoint(R.noticePdf)
  async noticePdf(@RouteParam('id') campaignId: string, @CurrentUser() user: UserPrincipal, @Res() reply: FastifyReply): Promise<void> {
    const { name, file } = await this.notices.pdf(campaignId, user);
    await sendFile(reply, name, MEDIA.pdf, file);
  }

  @Endpoint(R.publicNotice)
  async publicNotice(@RouteParam('id') campaignId: string): Promise<TCampaignNotice> {
    // Public: the campaign's district (docs/ARCHITECTURE.md, "Tenancy").
    await this.prisma.enterDistrictOf('campaign', campaignId);
    return this.notices.get(campaignId);
  }

  @Endpoint(R.publicNoticeDocx)
  async publicNoticeDocx(@RouteParam('id') campaignId: string, @Res() reply: FastifyReply): Promise<void> {
    await this.prisma.enterDistrictOf('campaign', campaignId);
    const { name, file } = await this.notices.docx(campaignId);
    await sendFile(reply, name, DOCX, file);
  }

  @Endpoint(R.publicNoticePdf)
  async publicNoticePdf(@RouteParam('id') campaignId: string, @Res() reply: FastifyReply): Promise<void> {
    await this.prisma.enterDistrictOf('campaign', campaignId);
    const { name, file } = await this.notices.pdf(campaignId);
    await sendFile(reply, name, MEDIA.pdf, file);
  }

  @Endpoint(R.register)
  register(@RouteQuery() q: TQuery<typeof R.register, 'output'>): Promise<TDocumentRegister> {
    return this.notices.register(q.year);
  }
}
