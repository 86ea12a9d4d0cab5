import { createHmac } from 'node:crypto';

/** Digits only, without the +86 / 0086 country prefix. */
export const normalisePhone = (phone: string) => phone.replace(/\D/g, '').replace(/^(0086|86)(?=1\d{10}$)/, '');

/** A phone is kept only as a keyed hash (the session's secret is the key): enough to recognise a person again. */
export const phoneHash = (secret: string, phone: string) => createHmac('sha256', secret).update(normalisePhone(phone)).digest('hex');

/**
 * The person across the campaign's venues (the wall's headline counts each once): a phone hashed
 * with the campaign's key, so the same number at the main venue and a sub-venue is one person;
 * anyone else by their key within the session (an attendee of that session's list, a device, a
 * walk-in's idempotency key).
 */
export const campaignPersonKey = (personKey: string, campaignSecret: string, phone: string | undefined) =>
  personKey.startsWith('phone:') && phone ? `phone:${phoneHash(campaignSecret, phone)}` : personKey;
