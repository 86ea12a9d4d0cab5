import { z } from 'zod';

/**
 * Whom the service's links reach: `loopback` (this machine only: 127.0.0.1, localhost), `private`
 * (a private network: phones on the same Wi-Fi at most), `public`.
 */
export const ZLinkReach = z.enum(['public', 'private', 'loopback']);
export type TLinkReach = z.infer<typeof ZLinkReach>;

/**
 * The origin every absolute link is made from (posters, QR codes, desk links, e-mails):
 * PUBLIC_URL when set, otherwise the address the browser used, as the trusted proxy forwarded it.
 * The console warns beside the poster button when it is not `public`.
 */
export const ZLinkOrigin = z.object({
  origin: z.string(),
  reach: ZLinkReach,
  /** Whether it comes from PUBLIC_URL (else from the request). */
  fromPublicUrl: z.boolean(),
});
export type TLinkOrigin = z.infer<typeof ZLinkOrigin>;
