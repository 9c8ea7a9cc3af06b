// Pages of public voting: the public, mobile-first voting page of a competition
// (also the share link of one entry), and the staff's paper ballots and fraud report.
import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  {
    path: 'competitions/:id(\\d+)/votes',
    name: 'vote-admin',
    component: () => import('./VoteAdmin.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { menu: 'home' },
  },
];

export const publicRoutes: RouteRecordRaw[] = [
  {
    path: '/public/competitions/:id(\\d+)',
    name: 'public-competition',
    component: () => import('./PublicCompetition.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { public: true },
  },
  {
    path: '/public/competitions/:id(\\d+)/entries/:entryNo(\\d+)',
    name: 'public-competition-entry',
    component: () => import('./PublicCompetition.vue'),
    props: (route) => ({ id: Number(route.params.id), entryNo: Number(route.params.entryNo) }),
    meta: { public: true },
  },
];
