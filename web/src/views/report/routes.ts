// Pages of the annual work report: the report of a region and years, and the records
// behind one of its figures.
import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  {
    path: 'reports/annual',
    name: 'annual-report',
    component: () => import('./AnnualReport.vue'),
    meta: { menu: 'reports' },
  },
  {
    path: 'reports/annual/records',
    name: 'annual-report-records',
    component: () => import('./ReportRecords.vue'),
    meta: { menu: 'reports' },
  },
];
