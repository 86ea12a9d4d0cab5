import { z } from 'zod';
import { ZCampaignTimeline } from '../campaign/campaign.contract.js';
import { ZId } from '../common/domain.js';

/** The ceremony wall's static part: the campaign it belongs to. */
export const ZKioskWall = z.object({ campaignId: ZId, title: z.string(), theme: z.string(), timeline: ZCampaignTimeline });
export type TKioskWall = z.infer<typeof ZKioskWall>;
