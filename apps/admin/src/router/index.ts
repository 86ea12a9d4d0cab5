import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { useSessionStore } from '../stores/session';

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('../views/auth/login/index.vue'), meta: { public: true } },
  {
    path: '/',
    component: () => import('../layouts/AppLayout.vue'),
    children: [
      { path: '', name: 'home', redirect: () => ({ name: useSessionStore().isReviewer ? 'participations' : 'mine' }) },
      { path: 'participations', name: 'participations', component: () => import('../views/campaign/participations/index.vue'), meta: { reviewer: true } },
      { path: 'mine', name: 'mine', component: () => import('../views/coordinator/home/index.vue') },
      { path: 'participations/:id', name: 'participation', component: () => import('../views/participation/detail/index.vue'), props: true },
    ],
  },
];

export function createAppRouter() {
  const router = createRouter({ history: createWebHistory('/admin/'), routes });
  router.beforeEach((to) => {
    const session = useSessionStore();
    if (!to.meta.public && !session.token) return { name: 'login', query: { next: to.fullPath } };
    if (to.meta.reviewer && !session.isReviewer) return { name: 'mine' };
    return true;
  });
  return router;
}
