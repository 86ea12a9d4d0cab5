import { z } from 'zod';
import { safeText } from '../common/text.js';
import { ZCheckinSource, ZId, ZInstant } from '../common/domain.js';
import { ZPageQuery, page } from '../common/paging.js';
import { ZPhone } from '../participation/activity.contract.js';

export const ZCheckinSession = z.object({
  id: ZId,
  campaignId: ZId,
  name: z.string(),
  venue: z.string(),
  kind: z.enum(['main', 'sub']),
  opensAt: ZInstant,
  closesAt: ZInstant,
  /** Path of the self check-in page with the venue's secret: what the venue QR encodes. */
  selfCheckinPath: z.string(),
});
export type TCheckinSession = z.infer<typeof ZCheckinSession>;

export const ZListCheckinSessionsResponse = z.object({ items: z.array(ZCheckinSession) });
export type TListCheckinSessionsResponse = z.infer<typeof ZListCheckinSessionsResponse>;

/**
 * One person arriving. Who they are, in order of preference: a pre-registered attendee, a
 * phone number, the device of a self check-in; the idempotency key makes retries safe.
 */
export const ZCreateCheckinRequest = z
  .object({
    name: safeText({ min: 1, max: 40 }),
    unitId: ZId.optional(),
    phone: ZPhone.optional(),
    attendeeId: ZId.optional(),
    deviceKey: safeText({ min: 8, max: 80 }).optional(),
    idempotencyKey: safeText({ min: 8, max: 80 }),
    secret: safeText({ max: 200 }).optional(),
    /** The moment of the scan on the desk or phone (a queued check-in arrives later); within the session's window and a small clock tolerance. */
    scannedAt: ZInstant.optional(),
  })
  .strict();
export type TCreateCheckinRequest = z.infer<typeof ZCreateCheckinRequest>;

export const ZCheckin = z.object({
  id: ZId,
  sessionId: ZId,
  name: z.string(),
  unitId: ZId.nullable(),
  isResident: z.boolean(),
  source: ZCheckinSource,
  at: ZInstant,
});
export type TCheckin = z.infer<typeof ZCheckin>;

/**
 * 201 new, 200 duplicate, 202 held: a self check-in past the address's rate is kept for the
 * organiser's review and counted only when approved (docs/PRODUCT.md, 签到). A self check-in's
 * duplicate answer carries only what its caller sent.
 */
export const ZCreateCheckinResponse = z.object({
  checkin: ZCheckin,
  duplicate: z.boolean(),
  held: z.boolean().optional(),
  message: z.string(),
});
export type TCreateCheckinResponse = z.infer<typeof ZCreateCheckinResponse>;

export const ZCheckinNewest = z.object({
  id: ZId,
  maskedName: z.string(),
  unitName: z.string().nullable(),
  town: z.string().nullable(),
  isResident: z.boolean(),
  at: ZInstant,
});
export type TCheckinNewest = z.infer<typeof ZCheckinNewest>;

export const ZCheckinStats = z.object({
  sessionId: ZId,
  total: z.number().int(),
  byUnit: z.array(z.object({ unitId: ZId.nullable(), name: z.string(), count: z.number().int() })),
  byTown: z.array(z.object({ town: z.string(), count: z.number().int() })),
  newest: z.array(ZCheckinNewest),
});
export type TCheckinStats = z.infer<typeof ZCheckinStats>;

/**
 * A campaign's check-in figures across its venues: `people` counts a person once wherever they
 * checked in (a phone is the same person at every venue), `scans` counts the check-ins (a person
 * at two venues is two), `sessions` each venue's own total (its people, as the venue counts them).
 */
export const ZCheckinFigures = z.object({
  campaignId: ZId,
  people: z.number().int(),
  scans: z.number().int(),
  sessions: z.array(z.object({ sessionId: ZId, total: z.number().int() })),
  /** People by the town of their unit (each once across the venues); residents under 居民. */
  byTown: z.array(z.object({ town: z.string(), count: z.number().int() })),
});
export type TCheckinFigures = z.infer<typeof ZCheckinFigures>;

/** 张三艳 → 张*艳, 刘洋 → 刘*: screens never show a full name. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}*${chars[chars.length - 1]}`;
}

/** The phone check-in page's query: `s`, the venue QR's secret (staff need none). */
export const ZCheckinPublicQuery = z.object({ s: safeText({ max: 200 }).optional() }).strict();

/**
 * Whether the phone page takes check-ins now: `open`; `upcoming` (opens at opensAt); `ended` (the
 * session's window is over); `campaignClosed` (the week is over and archived); `notPublished`.
 */
export const ZCheckinWindow = z.enum(['open', 'upcoming', 'ended', 'campaignClosed', 'notPublished']);
export type TCheckinWindow = z.infer<typeof ZCheckinWindow>;

/** What the phone check-in page needs: the venue, whether it is open (by the server's clock), and every invited unit. */
export const ZCheckinPublic = z.object({
  sessionId: ZId,
  name: z.string(),
  venue: z.string(),
  campaignTitle: z.string(),
  window: ZCheckinWindow,
  opensAt: ZInstant,
  closesAt: ZInstant,
  /** The server's clock when it answered (the page counts down to opensAt from it, not from the phone's). */
  now: ZInstant,
  units: z.array(z.object({ id: ZId, name: z.string(), town: z.string() })),
});
export type TCheckinPublic = z.infer<typeof ZCheckinPublic>;

/** The pre-registered list for the staff desk, with who has arrived. */
export const ZAttendee = z.object({
  id: ZId,
  code: z.string(),
  name: z.string(),
  unitName: z.string().nullable(),
  phoneTail: z.string().nullable(),
  checkedInAt: ZInstant.nullable(),
});
export type TAttendee = z.infer<typeof ZAttendee>;
export const ZListAttendeesResponse = z.object({ items: z.array(ZAttendee) });
/** What an import of the pre-registered list did: the list is replaced by these rows. */
export const ZImportAttendeesResponse = z.object({ imported: z.number().int() });
export type TImportAttendeesResponse = z.infer<typeof ZImportAttendeesResponse>;
export type TListAttendeesResponse = z.infer<typeof ZListAttendeesResponse>;

/** A new check-in point: the ceremony's main venue or a sub-venue, open for a time window. */
export const ZCreateCheckinSessionRequest = z
  .object({
    name: safeText({ min: 1, max: 60 }),
    venue: safeText({ min: 1, max: 100 }),
    kind: z.enum(['main', 'sub']),
    opensAt: ZInstant,
    closesAt: ZInstant,
  })
  .strict()
  .refine((s) => Date.parse(s.closesAt) > Date.parse(s.opensAt), { path: ['closesAt'], message: 'lw.endsBeforeStart' });
export type TCreateCheckinSessionRequest = z.infer<typeof ZCreateCheckinSessionRequest>;

/** Who checked in (full names: for the organizer, never for screens). */
export const ZCheckinRecord = ZCheckin.extend({ unitName: z.string().nullable(), town: z.string().nullable() });
export type TCheckinRecord = z.infer<typeof ZCheckinRecord>;
export const ZListCheckinsQuery = ZPageQuery.extend({ q: safeText({ max: 40 }).optional() }).strict();
export const ZListCheckinsResponse = page(ZCheckinRecord);
export type TListCheckinsResponse = z.infer<typeof ZListCheckinsResponse>;

/** What a device is: a ceremony screen (the wall) or a check-in desk opened from a desk link. */
export const ZDeviceKind = z.enum(['screen', 'desk']);
export type TDeviceKind = z.infer<typeof ZDeviceKind>;

/**
 * A ceremony screen or a desk link, with its presence (the control room): `online` while its page
 * sends heartbeats over the live socket (DEVICE_ONLINE_MS); a desk says how many check-ins wait in
 * its queue and when it last synced. Its token is shown once, when issued; only its hash is kept.
 */
export const ZKioskDevice = z.object({
  id: ZId,
  kind: ZDeviceKind,
  name: z.string(),
  /** Its venue's session (null: a screen issued before venues, showing the main venue). */
  sessionId: ZId.nullable(),
  venue: z.string().nullable(),
  createdAt: ZInstant,
  /** A desk link works until then (the ceremony days); screens do not expire. */
  expiresAt: ZInstant.nullable(),
  revokedAt: ZInstant.nullable(),
  online: z.boolean(),
  lastSeenAt: ZInstant.nullable(),
  queueLength: z.number().int().nullable(),
  lastSyncAt: ZInstant.nullable(),
  version: z.string().nullable(),
});
export type TKioskDevice = z.infer<typeof ZKioskDevice>;
export const ZListKioskDevicesResponse = z.object({ items: z.array(ZKioskDevice) });
export type TListKioskDevicesResponse = z.infer<typeof ZListKioskDevicesResponse>;
/** A screen (its venue: the main venue when not given) or a desk link for a venue's session (required). */
export const ZCreateKioskDeviceRequest = z
  .object({ name: safeText({ min: 1, max: 60 }), kind: ZDeviceKind.default('screen'), sessionId: ZId.optional() })
  .strict()
  .refine((d) => d.kind !== 'desk' || d.sessionId !== undefined, { path: ['sessionId'], message: 'lw.deskNeedsVenue' });
export type TCreateKioskDeviceRequest = z.input<typeof ZCreateKioskDeviceRequest>;
/** The token (shown once), the page's path (`wallPath`: the wall, or the desk link) and the same as an absolute link (PUBLIC_URL). */
export const ZIssuedKioskDevice = z.object({ device: ZKioskDevice, token: z.string(), wallPath: z.string(), url: z.string() });
export type TIssuedKioskDevice = z.infer<typeof ZIssuedKioskDevice>;

/** Heartbeats come every DEVICE_HEARTBEAT_MS; a device silent for DEVICE_ONLINE_MS is offline, and past DEVICE_OFFLINE_ALERT_MS the organizers are told. */
export const DEVICE_HEARTBEAT_MS = 15_000;
export const DEVICE_ONLINE_MS = 40_000;
export const DEVICE_OFFLINE_ALERT_MS = 60_000;
