// Pages of hubs and incubation bases and of residency agreements (children of the signed-in layout).
import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  {
    path: 'bases',
    name: 'bases',
    component: () => import('./BaseList.vue'),
    meta: { menu: 'bases' },
  },
  {
    path: 'bases/:id(\\d+)',
    name: 'base',
    component: () => import('./BaseDetail.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { menu: 'bases' },
  },
  {
    path: 'residencies',
    name: 'residencies',
    component: () => import('./ResidencyList.vue'),
    meta: { menu: 'residencies' },
  },
  {
    path: 'residencies/:id(\\d+)',
    name: 'residency',
    component: () => import('./ResidencyDetail.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { menu: 'residencies' },
  },
];
