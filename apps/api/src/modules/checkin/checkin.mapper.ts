import { maskName, type TCheckinNewest, type TCheckinSession } from '@learnweek/contracts';
import type { CheckinSession } from '@learnweek/db';

export const toSession = (s: CheckinSession): TCheckinSession => ({
  id: s.id,
  campaignId: s.campaignId,
  name: s.name,
  venue: s.venue,
  kind: s.kind === 'sub' ? 'sub' : 'main',
  opensAt: s.opensAt.toISOString(),
  closesAt: s.closesAt.toISOString(),
  selfCheckinPath: `/kiosk/checkin/${s.id}?s=${s.qrSecret}`,
});

/** A recent arrival as screens show it: the name masked on the server. */
export const toNewest = (c: {
  id: string;
  name: string;
  isResident: boolean;
  at: Date;
  unit: { name: string; town: { name: string } } | null;
}): TCheckinNewest => ({
  id: c.id,
  maskedName: maskName(c.name),
  unitName: c.unit?.name ?? null,
  town: c.unit?.town.name ?? null,
  isResident: c.isResident,
  at: c.at.toISOString(),
});
