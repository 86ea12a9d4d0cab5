import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { notFound } from '../errors/api.exception.js';

/** Vite's hashed output (`assets/…-[hash].js`) never changes under its name; every other file is asked again each time. */
function cacheControl(reply: FastifyReply, file: string): void {
  void reply.header('Cache-Control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
}

/** A path below an app's prefix that its own HTML page serves (a second entry of the app's build). */
export interface TSpaPage {
  path: RegExp;
  file: string;
}

/**
 * The admin app's public pages (a resident's link or QR: /admin/calendar/<id>, /admin/exemplars/<id>)
 * start from public.html, their own frame and entry, not the console's (docs/PERFORMANCE.md, Pages).
 * The paths are apps/admin's `publicPageOf` (src/views/public/public-api.ts).
 */
export const ADMIN_PAGES: TSpaPage[] = [{ path: /^\/admin\/(calendar|exemplars|notice)\//, file: 'public.html' }];

/**
 * Serves a built single-page app under a prefix: its files, and index.html for every other GET
 * path below it without an extension (client-side routes), or the page of `pages` whose path it is. Hashed assets are cached for a year,
 * index.html never. A file's `.br` or `.gz` sibling written at build time is sent instead when the
 * client takes it. `/admin` goes to `/admin/` with its query (a kiosk link carries its token).
 * Registered unawaited, so that it loads with the server, after Nest has installed its error
 * handler: what is refused here answers in the API's error shape.
 */
export function serveSpa(fastify: FastifyInstance, prefix: string, dir: string, pages: TSpaPage[] = []): boolean {
  if (!existsSync(path.join(dir, 'index.html'))) return false;
  const built = pages.filter((p) => existsSync(path.join(dir, p.file)));
  fastify.get(prefix, (req, reply) => reply.redirect(`${prefix}/${req.url.slice(prefix.length)}`, 301));
  void fastify.register(
    async (app) => {
      await app.register(fastifyStatic, { root: dir, preCompressed: true, cacheControl: false, setHeaders: cacheControl });
      app.setNotFoundHandler((req, reply) => {
        if (req.method !== 'GET' || path.extname(req.url.split('?', 1)[0]!) !== '') throw notFound();
        const pathname = req.url.split('?', 1)[0]!;
        void reply.sendFile(built.find((p) => p.path.test(pathname))?.file ?? 'index.html');
      });
    },
    { prefix },
  );
  return true;
}
