import { Injectable } from '@nestjs/common';
import {
  maskName,
  type TListHeldCheckinsResponse,
  type TReviewHeldResponse,
  type TVoidCheckinsRequest,
  type TVoidCheckinsResponse,
} from '@learnweek/contracts';
import { Clock } from '../../core/clock/clock.js';
import { notFound } from '../../core/errors/api.exception.js';
import { LiveEvents } from '../../core/live/live-events.js';
import { AuditService } from '../audit/audit.service.js';
import { CheckinReviewRepository } from './checkin-review.repository.js';
import { CheckinWriter } from './checkin-writer.js';

/**
 * The organiser's review of self check-ins (docs/PRODUCT.md, 签到). Held ones (a burst from one
 * address, SelfCheckinPolicy) are approved — written as the check-ins they would have been, at the
 * moment they were sent, counted once — or discarded. Check-ins that should not count are voided:
 * removed from every figure and the session's counter, with a `checkin.stats` for the console (the
 * walls take the new figures at their minute's resync); the audit log keeps who, how many and why.
 */
@Injectable()
export class CheckinReviewService {
  constructor(
    private readonly repo: CheckinReviewRepository,
    private readonly writer: CheckinWriter,
    private readonly live: LiveEvents,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private async session(id: string) {
    const s = await this.repo.session(id);
    if (!s) throw notFound();
    return s;
  }

  async held(sessionId: string): Promise<TListHeldCheckinsResponse> {
    await this.session(sessionId);
    const rows = await this.repo.held(sessionId);
    return {
      items: rows.map((h) => ({
        id: h.id,
        name: h.name,
        unitName: h.unit?.name ?? null,
        town: h.unit?.town.name ?? null,
        address: h.addressHash,
        at: h.at.toISOString(),
      })),
    };
  }

  async review(sessionId: string, req: { approve: string[]; discard: string[] }): Promise<TReviewHeldResponse> {
    const s = await this.session(sessionId);
    const holds = req.approve.length > 0 ? await this.repo.held(sessionId, req.approve) : [];
    // All at once: the writer groups them into its batches (one at a time waited a batch round each).
    const written = await Promise.all(
      holds.map((h) =>
        this.writer.write({
          sessionId,
          personKey: h.personKey,
          campaignPersonKey: h.campaignPersonKey,
          idempotencyKey: h.idempotencyKey,
          name: h.name,
          unitId: h.unitId,
          isResident: h.unitId === null,
          phoneHash: h.phoneHash,
          attendeeId: null,
          source: 'self',
          at: h.at,
          receivedAt: this.clock.now(),
          campaignId: s.campaignId,
          districtId: s.districtId,
          created: {
            sessionId,
            maskedName: maskName(h.name),
            unitName: h.unit?.name ?? null,
            town: h.unit?.town.name ?? null,
            isResident: h.unitId === null,
          },
        }),
      ),
    );
    let approved = 0;
    for (const w of written) {
      if (!w) continue;
      approved++;
      this.live.publishCommitted(w.events);
    }
    // Approved ones are check-ins now (or were already: the person had come in another way).
    const discarded = await this.repo.discard(sessionId, [...holds.map((h) => h.id), ...req.discard]);
    // Another review at the same moment may have taken some of them.
    const dropped = Math.max(0, discarded - holds.length);
    await this.audit.record({
      kind: 'checkins.approved',
      campaignId: s.campaignId,
      target: s.name,
      counts: { approved, discarded: dropped },
    });
    return { approved, discarded: dropped, total: await this.repo.total(sessionId) };
  }

  async void(sessionId: string, req: TVoidCheckinsRequest): Promise<TVoidCheckinsResponse> {
    const s = await this.session(sessionId);
    return this.live.afterCommit((events) =>
      this.repo.transaction(async (tx) => {
        const { voided, total } = await this.repo.void(tx, sessionId, req.checkinIds);
        if (voided.length === 0) return { voided: 0, total };
        await events.append(tx, {
          type: 'checkin.stats',
          scope: { campaignId: s.campaignId, checkinSessionId: sessionId, rehearsal: s.rehearsal },
          data: { sessionId, total },
          at: this.clock.now(),
        });
        const names = voided.map((v) => maskName(v.name)).join('、');
        await this.audit.record(
          {
            kind: 'checkin.voided',
            campaignId: s.campaignId,
            target: `${s.name}：${names.slice(0, 200)}（${req.reason}）`,
            counts: { voided: voided.length },
          },
          tx,
        );
        return { voided: voided.length, total };
      }),
    );
  }
}
