// Specification of the role → side-menu mapping.
import { describe, expect, it } from 'vitest';
import { menuFor } from './menu';

describe('menuFor', () => {
  it.each([
    ['admin', ['home', 'orgs', 'dashboard', 'regions', 'users', 'audit']],
    ['staff', ['home', 'orgs', 'dashboard', 'regions', 'users', 'audit']],
    ['auditor', ['home', 'orgs', 'dashboard', 'regions', 'audit']],
    ['org', ['home', 'myOrg', 'regions']],
    ['reviewer', ['home', 'regions']],
  ] as const)('gives %s the entries %j', (role, entries) => {
    expect(menuFor(role)).toEqual(entries);
  });

  it('gives a missing role only home', () => {
    expect(menuFor(null)).toEqual(['home']);
  });
});
