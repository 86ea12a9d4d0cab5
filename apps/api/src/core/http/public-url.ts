import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/config.js';

/**
 * The origin every absolute link starts with (posters, the wall's QR, desk links): PUBLIC_URL when
 * set, else the address the request reached (as Fastify reads it, behind a trusted proxy too).
 */
export const publicOrigin = (config: Pick<AppConfig, 'publicUrl'>, req: FastifyRequest): string => config.publicUrl ?? `${req.protocol}://${req.host}`;
