// Pages of the star-rated Women & Children Homes: the list with the region tree,
// a Home's detail (assessments, approval, funding), the criteria editor and the figures.
import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  {
    path: 'homes',
    name: 'homes',
    component: () => import('./WomenHomeList.vue'),
    meta: { menu: 'homes' },
  },
  {
    path: 'homes/:id(\\d+)',
    name: 'home-detail',
    component: () => import('./WomenHomeDetail.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { menu: 'homes' },
  },
  {
    path: 'homes/criteria',
    name: 'home-criteria',
    component: () => import('./WomenHomeCriteria.vue'),
    meta: { menu: 'homes' },
  },
  {
    path: 'homes/figures',
    name: 'home-figures',
    component: () => import('./WomenHomeFigures.vue'),
    meta: { menu: 'homes' },
  },
];
