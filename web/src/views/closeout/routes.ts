// Pages of close-out and promotion: the close-outs list (staff: review queue;
// org accounts: their contracted projects), a project's close-out (final report,
// review, evaluation, close, brand and case), and the public cases page.
import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  {
    path: 'closeouts',
    name: 'closeouts',
    component: () => import('./CloseoutList.vue'),
    meta: { menu: 'closeouts' },
  },
  {
    path: 'closeouts/:id(\\d+)',
    name: 'closeout-detail',
    component: () => import('./CloseoutDetail.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { menu: 'closeouts' },
  },
];

export const publicRoutes: RouteRecordRaw[] = [
  {
    path: '/public/cases',
    name: 'public-cases',
    component: () => import('./PublicCases.vue'),
    meta: { public: true },
  },
];
