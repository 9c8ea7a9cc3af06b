// Pages of the joint Party branch: the branches an admin or officer may see and
// one branch with its members, committee and activities. The server answers
// 404 / empty lists to everyone else, so the pages carry no role guard of their own.
import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  {
    path: 'party',
    name: 'party',
    component: () => import('./PartyBranchList.vue'),
  },
  {
    path: 'party/:id(\\d+)',
    name: 'party-branch',
    component: () => import('./PartyBranchDetail.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
  },
];
