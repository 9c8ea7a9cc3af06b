// Training pages: the list (quarter coverage strip, plan dialog) and one training.
import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  {
    path: 'trainings',
    name: 'trainings',
    component: () => import('./TrainingList.vue'),
    meta: { menu: 'trainings' },
  },
  {
    path: 'trainings/:id(\\d+)',
    name: 'training',
    component: () => import('./TrainingDetail.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { menu: 'trainings' },
  },
];
