// Pages of the project cycle: the project list with the design form, a project's
// detail with its state actions and the commission dialog, and the budget pools.
import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  {
    path: 'projects',
    name: 'projects',
    component: () => import('./ProjectList.vue'),
    meta: { menu: 'projects' },
  },
  {
    path: 'projects/:id(\\d+)',
    name: 'project-detail',
    component: () => import('./ProjectDetail.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { menu: 'projects' },
  },
  {
    path: 'budgets',
    name: 'budgets',
    component: () => import('./BudgetView.vue'),
    meta: { menu: 'budgets' },
  },
];
