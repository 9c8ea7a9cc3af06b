// Pages of needs surveys: the list (staff and org accounts), the builder (staff),
// the fill-in page (org accounts) and the results with charts (staff, auditors).
import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  {
    path: 'surveys',
    name: 'surveys',
    component: () => import('./SurveyList.vue'),
    meta: { menu: 'surveys' },
  },
  {
    path: 'surveys/new',
    name: 'survey-new',
    component: () => import('./SurveyBuilder.vue'),
    meta: { menu: 'surveys' },
  },
  {
    path: 'surveys/:id(\\d+)/edit',
    name: 'survey-edit',
    component: () => import('./SurveyBuilder.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { menu: 'surveys' },
  },
  {
    path: 'surveys/:id(\\d+)/fill',
    name: 'survey-fill',
    component: () => import('./SurveyFill.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { menu: 'surveys' },
  },
  {
    path: 'surveys/:id(\\d+)/results',
    name: 'survey-results',
    component: () => import('./SurveyResults.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { menu: 'surveys' },
  },
];
