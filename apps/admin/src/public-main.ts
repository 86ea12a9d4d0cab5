/**
 * The public pages' entry (public.html: the calendar and the exemplars, a resident's link or QR):
 * asks for the page's data at once, beside its scripts, and starts the page once the frame is on
 * screen — no console, router, stores or Element Plus behind it (docs/PERFORMANCE.md, Pages).
 */
import { afterFirstPaint } from './first-paint';
import { storedLocale } from './locales/stored';
import { prefetchPublic, publicPageOf } from './views/public/public-api';

const page = publicPageOf(location.pathname);
if (page) prefetchPublic(page, storedLocale());
void afterFirstPaint.then(() => import('./views/public/start'));
