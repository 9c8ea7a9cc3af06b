// Pages of the university internship bases: the bases in scope and one base
// with its interns, their hour logs and evaluations.
import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  {
    path: 'internship-bases',
    name: 'internship-bases',
    component: () => import('./InternshipBaseList.vue'),
    meta: { menu: 'interns' },
  },
  {
    path: 'internship-bases/:id(\\d+)',
    name: 'internship-base',
    component: () => import('./InternshipBaseDetail.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { menu: 'interns' },
  },
];
