// Pages of competitions (公益创投): the list with the set-up form, and a
// competition's detail (rules and amendments, applications, scoring, results,
// figures), and the city-wide figures.
import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  {
    path: 'competitions',
    name: 'competitions',
    component: () => import('./CompetitionList.vue'),
    meta: { menu: 'competitions' },
  },
  {
    path: 'competitions/figures',
    name: 'competition-figures',
    component: () => import('./CompetitionFigures.vue'),
    meta: { menu: 'competitions' },
  },
  {
    path: 'competitions/:id(\\d+)',
    name: 'competition-detail',
    component: () => import('./CompetitionDetail.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { menu: 'competitions' },
  },
];
