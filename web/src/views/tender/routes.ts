// Pages of the public tender: the tender list with the notice form, and a
// tender's detail (panel, sealed bids, scores, ranking, award).
import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  {
    path: 'tenders',
    name: 'tenders',
    component: () => import('./TenderList.vue'),
    meta: { menu: 'tenders' },
  },
  {
    path: 'tenders/:id(\\d+)',
    name: 'tender-detail',
    component: () => import('./TenderDetail.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { menu: 'tenders' },
  },
];

export const publicRoutes: RouteRecordRaw[] = [
  {
    path: '/public/tenders',
    name: 'public-tenders',
    component: () => import('./PublicTenderList.vue'),
    meta: { public: true },
  },
];
