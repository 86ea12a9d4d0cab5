import type { TCheckinPublic } from '@learnweek/contracts';

export const SESSION = '7d3a9a54-1111-4222-8333-444455556666';

/** A venue as the check-in pages read it (ROUTES.checkin.publicInfo): open now, its units. */
export const venue = (units: TCheckinPublic['units'], over: Partial<TCheckinPublic> = {}): TCheckinPublic => ({
  sessionId: SESSION,
  name: '主会场',
  venue: '春江镇社区教育中心',
  campaignTitle: '2026年全民终身学习活动周',
  window: 'open',
  opensAt: '2026-10-25T00:00:00.000Z',
  closesAt: '2026-10-25T04:00:00.000Z',
  now: '2026-10-25T01:00:00.000Z',
  units,
  ...over,
});
