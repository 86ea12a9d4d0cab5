/**
 * The console's entry: index.html draws the sign-in card (a loading state) before any script; the
 * app (app.ts) is evaluated and mounted once that first paint is on screen, so that the page shows
 * while the scripts run, on a slow phone as on a fast one with the scripts cached
 * (docs/PERFORMANCE.md, Pages). The public pages have their own entry (public.html).
 */
import { afterFirstPaint } from './first-paint';

void afterFirstPaint.then(() => import('./app'));
