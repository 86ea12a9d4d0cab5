import { Logger } from '@nestjs/common';
import { ROUTES } from '@learnweek/contracts';
import { describe, expect, it, vi } from 'vitest';
import type { AuthedRequest } from '../../core/auth/auth.decorators.js';
import { ManualClock } from '../../core/clock/clock.js';
import type { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';

const req = (params: Record<string, string>, body: unknown = {}) => ({ params, query: {}, body }) as unknown as AuthedRequest;

describe('AuditService.recordRoute', () => {
  it('records a route’s entry as the system outside a request, with the campaign and unit of its :id and the answer’s counts', async () => {
    const append = vi.fn(async () => undefined);
    const repo = {
      append,
      ownerOf: vi.fn(async () => ({ campaignId: 'c1', unitId: 'u1' })),
      deviceName: vi.fn(),
    } as unknown as AuditRepository;
    const audit = new AuditService(repo, new ManualClock(new Date('2017-10-01T02:00:00Z')));
    await audit.recordRoute(
      ROUTES.participations.sendBulkEvent,
      'participations.sendBulkEvent',
      req({ id: 'c1' }, { type: 'APPROVE_PLAN', items: [] }),
      { applied: 2, failed: 1, items: [] },
    );
    expect(append).toHaveBeenCalledWith(
      expect.objectContaining({
        kind: 'participations.sendBulkEvent',
        actorKind: 'system',
        actorId: null,
        actorLabel: '系统',
        campaignId: 'c1',
        unitId: 'u1',
        target: 'APPROVE_PLAN',
        counts: { applied: 2, failed: 1 },
      }),
      undefined,
    );
  });

  it('does not lose an entry it cannot store silently: the change stands, the entry goes to the error log in full', async () => {
    const error = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const repo = {
      append: vi.fn(async () => Promise.reject(new Error('connection terminated'))),
      ownerOf: vi.fn(async () => ({ campaignId: 'c1', unitId: null })),
    } as unknown as AuditRepository;
    const audit = new AuditService(repo, new ManualClock(new Date('2017-10-01T02:00:00Z')));
    await expect(
      audit.recordRoute(ROUTES.campaigns.clone, 'campaigns.clone', req({ id: 'c1' }, { year: 2019 }), { title: '2019年推进周' }),
    ).resolves.toBeUndefined();
    expect(error).toHaveBeenCalledTimes(1);
    const logged = String(error.mock.calls[0]![0]);
    expect(logged).toContain('audit entry not stored');
    expect(logged).toContain('connection terminated');
    expect(logged).toContain('"kind":"campaigns.clone"');
    expect(logged).toContain('2019年推进周');
    error.mockRestore();
  });
});
