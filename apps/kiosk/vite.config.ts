import vue from '@vitejs/plugin-vue';
import { compression } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';
import { preloadLazy } from '../../tools/vite/preload-lazy.ts';

const api = process.env.API_URL ?? 'http://127.0.0.1:3000';
const base = '/kiosk/';

export default defineConfig({
  plugins: [
    vue(),
    // The check-in desk is installable and opens without the network: a service worker (Workbox,
    // generated at build) keeps the app's files and answers every /kiosk/checkin/… navigation with
    // the cached page. It is registered for the check-in pages only (main.ts); the wall is not
    // served from it. The API is never cached by it: the desk keeps its own data in IndexedDB.
    VitePWA({
      injectRegister: false,
      registerType: 'autoUpdate',
      filename: 'sw.js',
      scope: '/kiosk/checkin/',
      // the icons and the manifest are in globPatterns already
      includeManifestIcons: false,
      manifest: {
        id: '/kiosk/checkin/',
        name: '全民终身学习推进周 · 签到服务台',
        short_name: '签到服务台',
        description: '启动仪式的签到服务台：扫码、查找预报名名单、现场登记，断网时暂存，联网后同步',
        lang: 'zh-CN',
        start_url: '/kiosk/checkin/',
        scope: '/kiosk/checkin/',
        display: 'standalone',
        background_color: '#f3f6fc',
        theme_color: '#1d3a8a',
        icons: [
          { src: 'desk-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'desk-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'desk-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,png,webmanifest}'],
        navigateFallback: '/kiosk/index.html',
        navigateFallbackAllowlist: [/^\/kiosk\/checkin\//],
        inlineWorkboxRuntime: true,
        clientsClaim: true,
        skipWaiting: true,
        cleanupOutdatedCaches: true,
      },
    }),
    // The phone check-in page's view, which main.ts imports lazily, asked for by index.html beside the
    // entry; the wall loads its few KB for nothing (the shared chunks, the contracts, it needs too).
    preloadLazy({ base, pages: { 'index.html': ['/src/checkin/PhoneCheckinView.vue'] } }),
    // X.br and X.gz beside every compressible file, for the server to send as they are; the service
    // worker precaches the files themselves (globPatterns above), never these.
    compression({ algorithms: ['brotliCompress', 'gzip'], include: /\.(js|mjs|css|html|svg|json|webmanifest|txt)$/, threshold: 1024 }),
  ],
  base,
  server: { port: 5174, proxy: { '/api': api, '/socket.io': { target: api, ws: true } } },
  test: { environment: 'happy-dom', include: ['test/**/*.spec.ts'] },
});
