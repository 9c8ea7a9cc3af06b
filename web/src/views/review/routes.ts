// Annual reviews (/annual-reviews: list, overdue list, detail with files, disclosure and
// decision) and the public disclosure page (/public/disclosures, no session needed).
import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  {
    path: 'annual-reviews',
    name: 'annual-reviews',
    component: () => import('./ReviewList.vue'),
    meta: { menu: 'reviews' },
  },
  {
    path: 'annual-reviews/:id(\\d+)',
    name: 'annual-review',
    component: () => import('./ReviewDetail.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { menu: 'reviews' },
  },
];

export const publicRoutes: RouteRecordRaw[] = [
  {
    path: '/public/disclosures',
    name: 'public-disclosures',
    component: () => import('./PublicDisclosures.vue'),
    meta: { public: true },
  },
];
