// Specification of the role → side-menu mapping.
import { describe, expect, it } from 'vitest';
import { MENU_ORDER, MENU_PATHS, menuFor } from './menu';

describe('menuFor', () => {
  const hubRead = [
    'bases',
    'residencies',
    'reviews',
    'liaison',
    'meetings',
    'surveys',
    'trainings',
    'notices',
  ];
  it.each([
    [
      'admin',
      [
        'home',
        'orgs',
        'changeRequests',
        'dashboard',
        'inbox',
        ...hubRead,
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
      ],
    ],
    [
      'staff',
      [
        'home',
        'orgs',
        'changeRequests',
        'dashboard',
        'inbox',
        ...hubRead,
        'projects',
        'tenders',
        'budgets',
        'supervision',
        'closeouts',
        'competitions',
        'homes',
        'interns',
        'reports',
        'regions',
        'users',
        'audit',
      ],
    ],
    [
      'auditor',
      [
        'home',
        'orgs',
        'dashboard',
        ...hubRead,
        'projects',
        'tenders',
        'budgets',
        'supervision',
        'closeouts',
        'competitions',
        'homes',
        'interns',
        'reports',
        'regions',
        'audit',
      ],
    ],
    [
      'org',
      [
        'home',
        'myOrg',
        'inbox',
        'bases',
        'residencies',
        'reviews',
        'meetings',
        'surveys',
        'trainings',
        'projects',
        'tenders',
        'supervision',
        'closeouts',
        'competitions',
        'homes',
        'interns',
        'regions',
      ],
    ],
    ['reviewer', ['home', 'tenders', 'competitions', 'regions']],
  ] as const)('gives %s the entries %j', (role, entries) => {
    expect(menuFor(role)).toEqual(entries);
  });

  it('adds the Party branch for appointed officers only, in menu order', () => {
    expect(menuFor('staff')).not.toContain('party');
    expect(menuFor('org')).not.toContain('party');
    const officer = menuFor('org', true);
    expect(officer).toContain('party');
    expect(officer.indexOf('party')).toBe(officer.indexOf('interns') + 1);
    expect(menuFor('admin', true).filter((k) => k === 'party')).toHaveLength(1);
    expect(menuFor(null, true)).toEqual(['home']);
  });

  it('gives a missing role only home', () => {
    expect(menuFor(null)).toEqual(['home']);
  });
});

describe('MENU_ORDER', () => {
  it('lists every entry a role may see, in each role’s order', () => {
    for (const role of ['admin', 'staff', 'auditor', 'org', 'reviewer'] as const) {
      const entries = menuFor(role);
      expect(entries.every((e) => MENU_ORDER.includes(e))).toBe(true);
      const idx = entries.map((e) => MENU_ORDER.indexOf(e));
      expect([...idx].sort((a, b) => a - b)).toEqual(idx);
    }
  });

  it('has a path for every entry', () => {
    for (const key of MENU_ORDER) expect(MENU_PATHS[key]).toMatch(/^\//);
  });
});
