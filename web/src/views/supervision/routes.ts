// Pages of supervision (妇联监督): reports to review, tranches to approve,
// inspections and risk flags, one page with tabs.
import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  {
    path: 'supervision',
    name: 'supervision',
    component: () => import('./SupervisionView.vue'),
    meta: { menu: 'supervision' },
  },
];
