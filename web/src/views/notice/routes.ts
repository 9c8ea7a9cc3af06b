// Notice pages: the notices list with the publish dialog, a notice with its receipts, the inbox.
import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  {
    path: 'notices',
    name: 'notices',
    component: () => import('./NoticeList.vue'),
    meta: { menu: 'notices' },
  },
  {
    path: 'notices/:id(\\d+)',
    name: 'notice',
    component: () => import('./NoticeDetail.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { menu: 'notices' },
  },
  {
    path: 'inbox',
    name: 'inbox',
    component: () => import('./InboxView.vue'),
    meta: { menu: 'inbox' },
  },
];
