/**
 * Settles once the page's first contentful paint is on screen: the entries evaluate the app after
 * it, so that the HTML's own frame shows while the scripts run (docs/PERFORMANCE.md, Pages).
 */
export const afterFirstPaint = new Promise<void>((resolve) => {
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
