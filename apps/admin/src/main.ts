/**
 * The entry: index.html draws the sign-in card (a loading state) before any script; the app
 * (app.ts) is evaluated and mounted once that first paint is on screen, so that the page shows
 * while the scripts run, on a slow phone as on a fast one with the scripts cached
 * (docs/PERFORMANCE.md, Pages).
 */
import { storedLocale } from './locales/stored';
import { prefetchPublic, publicPageOf } from './views/public/public-api';

/** The public pages (a resident's link or QR) start on their own: no console behind them. */
const publicPage = publicPageOf(location.pathname);
// This path's scripts (vite.config.ts, preloadLazy), and a public page's data, asked for now: beside
// each other, not one after another.
const preloads = JSON.parse(document.getElementById('preloads')?.textContent ?? '{}') as Record<string, { rel: string; href: string; as?: string }[]>;
for (const attrs of preloads[publicPage ? 'public' : 'console'] ?? []) {
  const link = Object.assign(document.createElement('link'), { crossOrigin: '', fetchPriority: 'low' }, attrs);
  document.head.append(link);
}
if (publicPage) prefetchPublic(publicPage, storedLocale());

const painted = new Promise<void>((resolve) => {
  // A page opened in the background draws nothing until shown; some browsers report no paints.
  if (document.visibilityState === 'hidden' || !PerformanceObserver.supportedEntryTypes.includes('paint')) return resolve();
  new PerformanceObserver((list, observer) => {
    if (list.getEntriesByName('first-contentful-paint').length === 0) return;
    observer.disconnect();
    resolve();
  }).observe({ type: 'paint', buffered: true });
  // Sent to the background before its first paint.
  document.addEventListener('visibilitychange', () => resolve(), { once: true });
});
void painted.then(() => (publicPage ? import('./views/public/start') : import('./app')));
