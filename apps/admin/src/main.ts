// Element Plus is imported where it is used (components by vite.config.ts, services by name); the
// services' styles are here because no template names them (docs/PERFORMANCE.md, Pages).
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import './styles/theme.css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { configureHttp } from './api/http';
import { createAppI18n } from './locales';
import { createAppRouter } from './router';
import { useSessionStore } from './stores/session';

const app = createApp(App);
const pinia = createPinia();
const i18n = createAppI18n();
const router = createAppRouter();
app.use(pinia).use(i18n).use(router);
const session = useSessionStore();
configureHttp({
  token: () => session.token,
  locale: () => session.locale,
  onUnauthorized: () => {
    session.logout();
    void router.push({ name: 'login' });
  },
});
app.mount('#app');
