// The console's app, mounted over index.html's first paint (main.ts starts it).
// Element Plus is imported where it is used (components by vite.config.ts, services by name); the
// services' styles are here because no template names them (docs/PERFORMANCE.md, Pages).
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import './styles/theme.css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { createAppI18n } from './locales';
import { createAppRouter } from './router';

// The modules above are evaluated in one task, the app set up in the next: two shorter tasks
// instead of one long one that would hold a tap back (docs/PERFORMANCE.md, Pages).
await new Promise((resolve) => setTimeout(resolve));
const app = createApp(App);
const pinia = createPinia();
const i18n = createAppI18n();
const router = createAppRouter();
app.use(pinia).use(i18n).use(router);
// Mounted once the first page (a lazy route) and a page opened in English its messages are there
// (zh-CN's come with the app): index.html's card stays on screen until then, no blank between.
await Promise.all([router.isReady(), i18n.ready]).catch((e: unknown) => console.warn('start', e));
app.mount('#app');
