import { createApp, h } from 'vue';

/** The check-in page this device opened last: where the installed desk (start_url /kiosk/checkin/) goes. */
const LAST_DESK = 'learnweek.desk.last';
const base = import.meta.env.BASE_URL;

/**
 * A view is mounted in the task after its modules were evaluated: two shorter tasks instead of one
 * long one that would hold a tap back on a slow phone (docs/PERFORMANCE.md, Pages).
 */
async function load<T>(view: Promise<{ default: T }>): Promise<T> {
  const { default: component } = await view;
  await new Promise((resolve) => setTimeout(resolve));
  return component;
}

/**
 * /kiosk/ is the ceremony wall; /kiosk/checkin/<session>?s=… a resident's phone check-in page (the
 * venue QR's link); /kiosk/checkin/<session> the staff desk, served by the service worker when the
 * network is gone (registered for the desk only). Each loads only its own view: a resident's
 * phone downloads neither the wall and its charts nor the desk's offline queue. Each says what it
 * is in the title (WeChat shows it in its top bar).
 */
async function start() {
  if (!location.pathname.startsWith(`${base}checkin/`)) {
    document.title = '全民终身学习推进周 · 大屏';
    return createApp(await load(import('./wall/WallView.vue'))).mount('#app');
  }
  document.documentElement.classList.add('checkin-page');
  const secret = new URLSearchParams(location.search).get('s');
  const desk = secret === null;
  document.title = desk ? '签到服务台 · 全民终身学习推进周' : '现场签到 · 全民终身学习推进周';
  // The staff desk only: a resident's phone (the venue QR's link carries ?s=) needs no offline copy.
  if (import.meta.env.PROD && desk && 'serviceWorker' in navigator) {
    navigator.serviceWorker.register(`${base}sw.js`, { scope: `${base}checkin/` }).catch((e: unknown) => console.warn('service worker', e));
  }
  let session = /\/checkin\/([0-9a-f-]{36})/.exec(location.pathname)?.[1];
  if (!session) {
    // The installed app starts at /kiosk/checkin/: back to the desk this device last served.
    const last = localStorage.getItem(LAST_DESK);
    if (last) history.replaceState(null, '', `${base}checkin/${last}`);
    session = last ?? undefined;
  }
  if (!session)
    return createApp({
      render: () => h('p', { style: 'font: 18px sans-serif; padding: 24px' }, '请用签到点的链接或二维码打开签到页'),
    }).mount('#app');
  if (!desk) return createApp(await load(import('./checkin/PhoneCheckinView.vue')), { sessionId: session, secret }).mount('#app');
  localStorage.setItem(LAST_DESK, session);
  return createApp(await load(import('./checkin/CheckinView.vue')), { sessionId: session }).mount('#app');
}

void start();
