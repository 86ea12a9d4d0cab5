import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { useSessionStore } from '../stores/session';

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('../views/auth/login/index.vue'), meta: { public: true } },
  {
    path: '/forgot-password',
    name: 'forgot-password',
    component: () => import('../views/auth/forgot-password/index.vue'),
    meta: { public: true },
  },
  {
    path: '/reset-password',
    name: 'reset-password',
    component: () => import('../views/auth/reset-password/index.vue'),
    meta: { public: true },
  },
  // Outside the layout: a first sign-in with an initial or reset password sees nothing else (the server opens nothing else to it).
  { path: '/set-password', name: 'set-password', component: () => import('../views/auth/set-password/index.vue') },
  {
    path: '/calendar/:campaignId',
    name: 'calendar',
    component: () => import('../views/public/calendar/index.vue'),
    props: true,
    meta: { public: true },
  },
  {
    path: '/notice/:campaignId',
    name: 'notice',
    component: () => import('../views/public/notice/index.vue'),
    props: true,
    meta: { public: true },
  },
  {
    path: '/exemplars/:campaignId',
    name: 'exemplars',
    component: () => import('../views/public/exemplars/index.vue'),
    props: true,
    meta: { public: true },
  },
  {
    path: '/',
    component: () => import('../layouts/AppLayout.vue'),
    children: [
      // Resolved by the guard below, once it is known who signed in.
      { path: '', name: 'home', component: { render: () => null } },
      // The city office's board (the API serves it to the city office only).
      { path: 'city', name: 'city', component: () => import('../views/city/board/index.vue'), meta: { city: true } },
      { path: 'board', name: 'board', component: () => import('../views/campaign/board/index.vue'), meta: { reviewer: true } },
      { path: 'gallery', name: 'gallery', component: () => import('../views/campaign/gallery/index.vue'), meta: { reviewer: true } },
      { path: 'deadlines', name: 'deadlines', component: () => import('../views/campaign/deadlines/index.vue'), meta: { reviewer: true } },
      { path: 'checkin', name: 'checkin', component: () => import('../views/campaign/checkin/index.vue'), meta: { organizer: true } },
      { path: 'settings', name: 'settings', component: () => import('../views/campaign/settings/index.vue'), meta: { organizer: true } },
      { path: 'users', name: 'users', component: () => import('../views/users/list/index.vue'), meta: { organizer: true } },
      { path: 'audit', name: 'audit', component: () => import('../views/audit/index.vue'), meta: { organizer: true } },
      {
        path: 'operations',
        name: 'operations',
        component: () => import('../views/operations/backups/index.vue'),
        meta: { organizer: true },
      },
      {
        path: 'nominations',
        name: 'nominations',
        component: () => import('../views/nomination/review/index.vue'),
        meta: { reviewer: true },
      },
      // A town centre's coordinators (the API refuses anyone else; the page says so).
      { path: 'town', name: 'town', component: () => import('../views/town/units/index.vue') },
      { path: 'my-nominations', name: 'my-nominations', component: () => import('../views/nomination/mine/index.vue') },
      { path: 'units', name: 'units', component: () => import('../views/units/list/index.vue'), meta: { reviewer: true } },
      {
        path: 'participations',
        name: 'participations',
        component: () => import('../views/campaign/participations/index.vue'),
        meta: { reviewer: true },
      },
      { path: 'mine', name: 'mine', component: () => import('../views/coordinator/home/index.vue') },
      {
        path: 'participations/:id',
        name: 'participation',
        component: () => import('../views/participation/detail/index.vue'),
        props: true,
      },
    ],
  },
];

export function createAppRouter() {
  const router = createRouter({ history: createWebHistory('/admin/'), routes });
  router.beforeEach((to) => {
    const session = useSessionStore();
    if (!to.meta.public && !session.token) return { name: 'login', query: to.name === 'home' ? {} : { next: to.fullPath } };
    if (!to.meta.public && session.user?.mustChangePassword && to.name !== 'set-password') return { name: 'set-password' };
    // The city office reads its districts' board; the districts' pages are not its own.
    if (!to.meta.public && session.isCity) return to.name === 'city' || to.name === 'set-password' ? true : { name: 'city' };
    if (to.meta.city) return { name: 'home' };
    if (to.name === 'home') return { name: session.isReviewer ? 'board' : 'mine' };
    if ((to.meta.reviewer && !session.isReviewer) || (to.meta.organizer && !session.isOrganizer)) return { name: 'home' };
    if (to.name === 'mine' && !session.isCoordinator) return { name: 'participations' };
    return true;
  });
  return router;
}
