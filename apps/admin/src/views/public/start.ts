// The public pages' own start (main.ts chooses it for /admin/calendar/…, /admin/exemplars/… and /admin/notice/…):
// the page and the messages, without the console's router, stores and Element Plus — what a
// resident opening a link on a phone waits for (docs/PERFORMANCE.md, Pages).
import { createApp, type Component } from 'vue';
import { createAppI18n } from '../../locales';
import { publicPageOf } from './public-api';

const { kind, campaignId } = publicPageOf(location.pathname) ?? { kind: 'calendar', campaignId: '' };
const pages: Record<typeof kind, () => Promise<{ default: Component }>> = {
  calendar: () => import('./calendar/index.vue'),
  exemplars: () => import('./exemplars/index.vue'),
  notice: () => import('./notice/index.vue'),
};
const page = pages[kind]();
const [{ default: view }] = await Promise.all([page, new Promise((resolve) => setTimeout(resolve))]);
const i18n = createAppI18n();
await i18n.ready.catch((e: unknown) => console.warn('start', e));
createApp(view, { campaignId }).use(i18n).mount('#app');
