// Which side-menu entries (and routes) each role may see.
import type { Role } from '@/api/auth';

export type MenuKey = 'home' | 'regions' | 'users' | 'audit';

export const MENU_ORDER: MenuKey[] = ['home', 'regions', 'users', 'audit'];

const MENU_BY_ROLE: Record<Role, MenuKey[]> = {
  admin: ['home', 'regions', 'users', 'audit'],
  staff: ['home', 'regions', 'users', 'audit'],
  auditor: ['home', 'regions', 'audit'],
  org: ['home', 'regions'],
  reviewer: ['home', 'regions'],
};

/** The menu entries of a role, in display order; an unknown role sees only home. */
export function menuFor(role: Role | undefined | null): MenuKey[] {
  return (role && MENU_BY_ROLE[role]) || ['home'];
}
