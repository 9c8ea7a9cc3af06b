// Cadre liaison (/liaison): visits and contacts, workload per cadre and department,
// organizations not contacted for N days.
import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  {
    path: 'liaison',
    name: 'liaison',
    component: () => import('./LiaisonView.vue'),
    meta: { menu: 'liaison' },
  },
];
