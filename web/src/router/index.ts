// Routes of the web UI and the guard that sends signed-out users to /login and hides
// pages a role may not see. Routes with meta.public (login, the public directory) need no session.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { useAuthStore } from '@/stores/auth';
import { menuFor, type MenuKey } from '@/utils/menu';
import AppLayout from '@/components/AppLayout.vue';
import { trackNavigations } from '@/utils/navigation';

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean;
    menu?: MenuKey;
  }
}

// Each capability's pages: views/<capability>/routes.ts exports `routes` (inside
// the signed-in layout) and optionally `publicRoutes` (no session needed).
type RouteModule = { routes?: RouteRecordRaw[]; publicRoutes?: RouteRecordRaw[] };
const modules = Object.values(
  import.meta.glob<RouteModule>('../views/*/routes.ts', { eager: true }),
);
const moduleRoutes = modules.flatMap((m) => m.routes ?? []);
const modulePublicRoutes = modules.flatMap((m) => m.publicRoutes ?? []);

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/auth/LoginView.vue'),
    meta: { public: true },
  },
  {
    path: '/public/orgs',
    name: 'public-orgs',
    component: () => import('@/views/public/PublicOrgList.vue'),
    meta: { public: true },
  },
  ...modulePublicRoutes,
  {
    path: '/',
    component: AppLayout,
    children: [
      { path: '', redirect: '/home' },
      {
        path: 'home',
        name: 'home',
        component: () => import('@/views/home/HomeView.vue'),
        meta: { menu: 'home' },
      },
      {
        path: 'orgs',
        name: 'orgs',
        component: () => import('@/views/org/OrgList.vue'),
        meta: { menu: 'orgs' },
      },
      {
        path: 'orgs/:id(\\d+)',
        name: 'org',
        component: () => import('@/views/org/OrgDetail.vue'),
        props: (route) => ({ id: Number(route.params.id), showBack: true }),
        meta: { menu: 'orgs' },
      },
      {
        path: 'my-org',
        name: 'my-org',
        component: () => import('@/views/org/MyOrg.vue'),
        meta: { menu: 'myOrg' },
      },
      {
        path: 'change-requests',
        name: 'change-requests',
        component: () => import('@/views/org/ChangeRequestReview.vue'),
        meta: { menu: 'changeRequests' },
      },
      {
        path: 'dashboard',
        name: 'dashboard',
        component: () => import('@/views/org/OrgDashboard.vue'),
        meta: { menu: 'dashboard' },
      },
      {
        path: 'regions',
        name: 'regions',
        component: () => import('@/views/region/RegionView.vue'),
        meta: { menu: 'regions' },
      },
      {
        path: 'users',
        name: 'users',
        component: () => import('@/views/user/UserView.vue'),
        meta: { menu: 'users' },
      },
      {
        path: 'dicts',
        name: 'dicts',
        component: () => import('@/views/dict/DictView.vue'),
        meta: { menu: 'dicts' },
      },
      {
        path: 'audit',
        name: 'audit',
        component: () => import('@/views/audit/AuditView.vue'),
        meta: { menu: 'audit' },
      },
      ...moduleRoutes,
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/home' },
];

export const router = createRouter({ history: createWebHistory('/'), routes });
// First guard: pages ask it whether the user is on the way elsewhere (utils/navigation).
trackNavigations(router);

router.beforeEach(async (to) => {
  const auth = useAuthStore();
  if (!auth.loaded) {
    try {
      await auth.fetchMe();
    } catch {
      // Server unreachable: treat as signed out; the login page shows the error on submit.
    }
  }
  if (to.meta.public) {
    return auth.isLoggedIn && to.name === 'login' ? { path: '/home' } : true;
  }
  if (!auth.isLoggedIn) {
    return { name: 'login', query: to.fullPath !== '/home' ? { redirect: to.fullPath } : {} };
  }
  if (to.meta.menu && !menuFor(auth.user?.role).includes(to.meta.menu)) {
    return { path: '/home' };
  }
  return true;
});
