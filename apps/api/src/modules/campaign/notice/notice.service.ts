import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  documentNumberText,
  renderNotice,
  ZNotice,
  type TCampaignNotice,
  type TDocumentNumber,
  type TDocumentRegister,
  type TNotice,
} from '@learnweek/contracts';
import type { Prisma } from '@learnweek/db';
import { hasRole, type UserPrincipal } from '../../../core/auth/principal.js';
import { Clock } from '../../../core/clock/clock.js';
import { docxToPdf } from '../../../core/docx/pdf.js';
import { ApiException, fieldError, notFound } from '../../../core/errors/api.exception.js';
import { toCampaign } from '../../../core/mappers/campaign.mapper.js';
import { noticeDocx } from './notice-docx.js';
import { NoticeRepository } from './notice.repository.js';

type TNumberRow = { issuerCode: string; year: number; number: number; issuedAt: Date };
const toNumber = (n: TNumberRow): TDocumentNumber => ({
  issuerCode: n.issuerCode,
  year: n.year,
  number: n.number,
  text: documentNumberText(n.issuerCode, n.year, n.number),
  issuedAt: n.issuedAt.toISOString(),
});

/**
 * The campaign's notice (docs/ARCHITECTURE.md, "The notice"): the office writes its words, the campaign
 * gives its dates and duties, the register its number; Word prints it in 公文 format.
 */
@Injectable()
export class NoticeService {
  constructor(
    private readonly repo: NoticeRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * The notice as `viewer` may read it: a draft campaign's, and a notice not yet numbered, are the bureau's
   * (organizer, approvers); an issued notice of a published campaign is any signed-in user's and the
   * public's (no viewer).
   */
  get(campaignId: string, viewer?: UserPrincipal): Promise<TCampaignNotice> {
    return this.read(campaignId, viewer === undefined ? 'public' : hasRole(viewer, 'organizer', 'approver') ? 'bureau' : 'member');
  }

  private async read(campaignId: string, reader: 'bureau' | 'member' | 'public'): Promise<TCampaignNotice> {
    const c = await this.repo.find(campaignId);
    if (!c || (c.status === 'draft' && reader !== 'bureau') || (reader === 'public' && !c.documentNumber)) throw notFound();
    // Outside the bureau a notice is read once issued (numbered): the office's drafts of its words are its own.
    const issued = reader === 'bureau' || c.documentNumber !== null;
    const notice = c.notice === null || !issued ? null : ZNotice.parse(c.notice);
    const number = c.documentNumber ? toNumber(c.documentNumber) : null;
    return { campaignId, notice, documentNumber: number, rendered: notice && renderNotice(notice, toCampaign(c), number) };
  }

  async save(campaignId: string, notice: TNotice): Promise<TCampaignNotice> {
    const c = await this.repo.find(campaignId);
    if (!c) throw notFound();
    // Once numbered, what the number and the register say stays as issued.
    if (c.documentNumber && c.notice !== null) {
      const was = ZNotice.parse(c.notice);
      const changed = (['issuer', 'issuerCode', 'title'] as const).filter((k) => was[k] !== notice[k]);
      if (was.signedOn.slice(0, 4) !== notice.signedOn.slice(0, 4)) changed.push('signedOn' as never);
      if (changed.length)
        throw new ApiException(409, 'validationFailed', { errors: changed.map((path) => ({ path, message: 'lw.noticeIssued' })) });
    }
    await this.repo.save(campaignId, notice as Prisma.InputJsonValue);
    return this.read(campaignId, 'bureau');
  }

  /** The notice's document number: the register's next for its issuing body and its signing year. */
  async issueNumber(campaignId: string): Promise<TCampaignNotice> {
    const c = await this.read(campaignId, 'bureau');
    if (!c.notice) throw fieldError(409, 'notice', 'lw.noticeMissing');
    const issued = await this.repo.issue(campaignId, {
      issuerCode: c.notice.issuerCode,
      year: Number(c.notice.signedOn.slice(0, 4)),
      title: c.notice.title,
      at: this.clock.now(),
    });
    if (!issued) throw fieldError(409, 'documentNumber', 'lw.noticeNumbered');
    return this.read(campaignId, 'bureau');
  }

  async register(year: number): Promise<TDocumentRegister> {
    const rows = await this.repo.register(year);
    return { items: rows.map((r) => ({ ...toNumber(r), campaignId: r.campaignId, title: r.title })) };
  }

  /** The notice as Word, and the file's name; 404 when there is none to read. */
  async docx(campaignId: string, viewer?: UserPrincipal): Promise<{ name: string; file: Buffer }> {
    const { notice, rendered } = await this.get(campaignId, viewer);
    if (!notice || !rendered) throw notFound();
    return { name: `${notice.title}.docx`, file: await noticeDocx(rendered, { redHeader: notice.redHeader }) };
  }

  /** The notice as PDF (LibreOffice prints its Word), kept by what it prints. */
  async pdf(campaignId: string, viewer?: UserPrincipal): Promise<{ name: string; file: Buffer }> {
    const { notice, rendered } = await this.get(campaignId, viewer);
    if (!notice || !rendered) throw notFound();
    const key = createHash('sha256')
      .update(JSON.stringify([rendered, notice.redHeader]))
      .digest('hex');
    return { name: `${notice.title}.pdf`, file: await docxToPdf(key, () => noticeDocx(rendered, { redHeader: notice.redHeader })) };
  }
}
