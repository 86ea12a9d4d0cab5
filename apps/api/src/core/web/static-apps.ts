import { existsSync } from 'node:fs';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';

/**
 * Serves a built single-page app under a prefix: its files, and index.html for every other
 * path below it (client-side routes). Hashed assets are cached for a year, index.html never.
 */
export function serveSpa(app: NestExpressApplication, prefix: string, dir: string): boolean {
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) return false;
  app.use(
    prefix,
    express.static(dir, {
      index: false,
      setHeaders: (res, file) => res.setHeader('Cache-Control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    }),
  );
  app.use(prefix, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || path.extname(req.path) !== '') return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
