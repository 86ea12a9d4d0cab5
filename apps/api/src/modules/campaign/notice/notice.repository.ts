import { Injectable } from '@nestjs/common';
import { currentDistrict, type Prisma } from '@learnweek/db';
import { PrismaService } from '../../../core/prisma/prisma.service.js';

/** The campaign's notice (its words on Campaign) and the register of document numbers (DocumentNumber). */
@Injectable()
export class NoticeRepository {
  constructor(private readonly prisma: PrismaService) {}

  find(campaignId: string) {
    return this.prisma.client.campaign.findUnique({ where: { id: campaignId }, include: { documentNumber: true } });
  }

  async save(campaignId: string, notice: Prisma.InputJsonValue): Promise<void> {
    await this.prisma.client.campaign.update({ where: { id: campaignId }, data: { notice } });
  }

  /**
   * The next number of `issuerCode`'s register for `year`, recorded for the campaign: under a lock of
   * that register for the transaction (two at once wait in turn, so none is skipped or issued twice:
   * the unique key says so too), null when the campaign has one already.
   */
  issue(campaignId: string, r: { issuerCode: string; year: number; title: string; at: Date }) {
    return this.prisma.client.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`document-number:${currentDistrict() ?? ''}:${r.issuerCode}:${r.year}`}, 0))`;
      // The campaign's own lock too: two issues for one campaign (under two codes) wait in turn, the second finds the first.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`document-number:${campaignId}`}, 0))`;
      if (await tx.documentNumber.findUnique({ where: { campaignId } })) return null;
      const last = await tx.documentNumber.aggregate({ where: { issuerCode: r.issuerCode, year: r.year }, _max: { number: true } });
      return tx.documentNumber.create({
        data: { campaignId, issuerCode: r.issuerCode, year: r.year, number: (last._max.number ?? 0) + 1, title: r.title, issuedAt: r.at },
      });
    });
  }

  register(year: number) {
    return this.prisma.client.documentNumber.findMany({ where: { year }, orderBy: [{ issuerCode: 'asc' }, { number: 'asc' }] });
  }
}
