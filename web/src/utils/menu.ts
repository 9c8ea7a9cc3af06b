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
  | 'audit'
  | 'bases'
  | 'residencies'
  | 'reviews'
  | 'liaison'
  | 'meetings'
  | 'surveys'
  | 'trainings'
  | 'notices'
  | 'inbox'
  | 'projects'
  | 'tenders'
  | 'budgets'
  | 'supervision'
  | 'closeouts'
  | 'competitions'
  | 'homes'
  | 'interns'
  | 'party'
  | 'reports';

export const MENU_ORDER: MenuKey[] = [
  'home',
  'orgs',
  'myOrg',
  'changeRequests',
  'dashboard',
  'inbox',
  'bases',
  'residencies',
  'reviews',
  'liaison',
  'meetings',
  'surveys',
  'trainings',
  'notices',
  'projects',
  'tenders',
  'budgets',
  'supervision',
  'closeouts',
  'competitions',
  'homes',
  'interns',
  'party',
  'reports',
  'regions',
  'users',
  'dicts',
  'audit',
];

// The hub's capabilities (bases, agreements, reviews, liaison, meetings, surveys, trainings, notices).
const HUB_READ: MenuKey[] = [
  'bases',
  'residencies',
  'reviews',
  'liaison',
  'meetings',
  'surveys',
  'trainings',
  'notices',
];
const HUB_STAFF: MenuKey[] = ['inbox', ...HUB_READ];
// The project cycle: projects (org accounts: their contracts and incomes) and budget pools.
const PROJECTS: MenuKey[] = [
  'projects',
  'tenders',
  'budgets',
  'supervision',
  'closeouts',
  'competitions',
  'homes',
];
const HUB_ORG: MenuKey[] = ['bases', 'residencies', 'reviews', 'meetings', 'surveys', 'trainings'];

const MENU_BY_ROLE: Record<Role, MenuKey[]> = {
  admin: [
    'home',
    'orgs',
    'changeRequests',
    'dashboard',
    ...HUB_STAFF,
    ...PROJECTS,
    'interns',
    'party',
    'reports',
    'regions',
    'users',
    'dicts',
    'audit',
  ],
  staff: [
    'home',
    'orgs',
    'changeRequests',
    'dashboard',
    ...HUB_STAFF,
    ...PROJECTS,
    'interns',
    'reports',
    'regions',
    'users',
    'audit',
  ],
  auditor: [
    'home',
    'orgs',
    'dashboard',
    ...HUB_READ,
    ...PROJECTS,
    'interns',
    'reports',
    'regions',
    'audit',
  ],
  org: [
    'home',
    'myOrg',
    'inbox',
    ...HUB_ORG,
    'projects',
    'tenders',
    'supervision',
    'closeouts',
    'competitions',
    'homes',
    'interns',
    'regions',
  ],
  reviewer: ['home', 'tenders', 'competitions', 'regions'],
};

/**
 * The menu entries of a role, in display order; an unknown role sees only home.
 * A Party branch officer (a staff or org account the admin appointed) also sees
 * the Party branch entry, placed where it stands in MENU_ORDER.
 */
export function menuFor(role: Role | undefined | null, partyOfficer = false): MenuKey[] {
  const keys = (role && MENU_BY_ROLE[role]) || ['home'];
  if (!partyOfficer || keys.includes('party') || !role) return keys;
  const withParty = [...keys, 'party' as MenuKey];
  return MENU_ORDER.filter((k) => withParty.includes(k));
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
  bases: '/bases',
  reports: '/reports/annual',
  residencies: '/residencies',
  reviews: '/annual-reviews',
  liaison: '/liaison',
  meetings: '/meetings',
  surveys: '/surveys',
  trainings: '/trainings',
  notices: '/notices',
  inbox: '/inbox',
  projects: '/projects',
  tenders: '/tenders',
  budgets: '/budgets',
  supervision: '/supervision',
  closeouts: '/closeouts',
  competitions: '/competitions',
  homes: '/homes',
  interns: '/internship-bases',
  party: '/party',
};
