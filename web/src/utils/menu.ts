// Which side-menu entries (and routes) each role may see.
import type { Role } from '@/api/auth';

export type MenuKey =
  | 'home'
  | 'orgs'
  | 'myOrg'
  | 'changeRequests'
  | 'dashboard'
  | 'regions'
  | 'users'
  | 'dicts'
  | 'audit';

export const MENU_ORDER: MenuKey[] = [
  'home',
  'orgs',
  'myOrg',
  'changeRequests',
  'dashboard',
  'regions',
  'users',
  'dicts',
  'audit',
];

const MENU_BY_ROLE: Record<Role, MenuKey[]> = {
  admin: ['home', 'orgs', 'changeRequests', 'dashboard', 'regions', 'users', 'dicts', 'audit'],
  staff: ['home', 'orgs', 'changeRequests', 'dashboard', 'regions', 'users', 'audit'],
  auditor: ['home', 'orgs', 'dashboard', 'regions', 'audit'],
  org: ['home', 'myOrg', 'regions'],
  reviewer: ['home', 'regions'],
};

/** The menu entries of a role, in display order; an unknown role sees only home. */
export function menuFor(role: Role | undefined | null): MenuKey[] {
  return (role && MENU_BY_ROLE[role]) || ['home'];
}

/** The route path each menu entry opens. */
export const MENU_PATHS: Record<MenuKey, string> = {
  home: '/home',
  orgs: '/orgs',
  myOrg: '/my-org',
  changeRequests: '/change-requests',
  dashboard: '/dashboard',
  regions: '/regions',
  users: '/users',
  dicts: '/dicts',
  audit: '/audit',
};
