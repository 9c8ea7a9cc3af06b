// Meeting pages: the list (with the schedule dialog) and one meeting.
import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  {
    path: 'meetings',
    name: 'meetings',
    component: () => import('./MeetingList.vue'),
    meta: { menu: 'meetings' },
  },
  {
    path: 'meetings/:id(\\d+)',
    name: 'meeting',
    component: () => import('./MeetingDetail.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { menu: 'meetings' },
  },
];
