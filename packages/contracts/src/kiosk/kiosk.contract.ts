import { z } from 'zod';
import { ZCampaignTimeline } from '../campaign/campaign.contract.js';
import { ZCheckinNewest, ZCheckinSession } from '../checkin/checkin.contract.js';
import { ZId, ZInstant, ZNominationKind } from '../common/domain.js';

/** Everything a ceremony screen draws at start; the live feed keeps it current from `lastSeq`. */
export const ZKioskWall = z.object({
  campaignId: ZId,
  title: z.string(),
  theme: z.string(),
  timeline: ZCampaignTimeline,
  /**
   * This screen's venue: its session, with the absolute link its QR encodes (PUBLIC_URL, else the
   * address the screen reached); null when the campaign has no venue yet.
   */
  screen: z
    .object({
      sessionId: ZId,
      name: z.string(),
      venue: z.string(),
      kind: z.enum(['main', 'sub']),
      checkinUrl: z.string(),
      opensAt: ZInstant,
      closesAt: ZInstant,
    })
    .nullable(),
  /** Each venue's own total (its people). */
  sessions: z.array(ZCheckinSession.extend({ total: z.number().int() })),
  /** People across the venues, each once (the headline; see ZCheckinFigures), and the check-ins behind them. */
  people: z.number().int(),
  scans: z.number().int(),
  /** People by the town of their unit (each once); residents (no unit) under 居民. */
  byTown: z.array(z.object({ town: z.string(), count: z.number().int() })),
  newest: z.array(ZCheckinNewest),
  held: z.array(z.object({ activityId: ZId, unitName: z.string(), title: z.string(), actualParticipants: z.number().int(), at: ZInstant })),
  /** Published exemplars for the rotating panel, when the organizer has turned it on (else empty). */
  exemplars: z.array(
    z.object({ id: ZId, kind: ZNominationKind, name: z.string(), unitName: z.string(), text: z.string(), photoUrl: z.string().nullable() }),
  ),
  lastSeq: z.number().int(),
});
export type TKioskWall = z.infer<typeof ZKioskWall>;
