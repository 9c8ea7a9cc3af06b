import { describe, expect, it } from 'vitest';
import { contactLevel, daysBetween, followUpOverdue, sortGroups, today } from './liaison';

describe('liaison helpers', () => {
  it('counts days between dates', () => {
    expect(daysBetween('2026-11-01', '2026-11-26')).toBe(25);
    expect(daysBetween(null, '2026-11-26')).toBeNull();
    expect(today(new Date(2026, 0, 5))).toBe('2026-01-05');
  });
  it('flags open follow-ups past due', () => {
    expect(
      followUpOverdue({ follow_up_state: 'open', follow_up_due: '2026-11-01' }, '2026-11-26'),
    ).toBe(true);
    expect(
      followUpOverdue({ follow_up_state: 'closed', follow_up_due: '2026-11-01' }, '2026-11-26'),
    ).toBe(false);
    expect(followUpOverdue({ follow_up_state: 'open', follow_up_due: null }, '2026-11-26')).toBe(
      false,
    );
  });
  it('grades the last contact against the threshold', () => {
    expect(contactLevel(null, '2026-11-26', 90)).toBe('never');
    expect(contactLevel('2026-08-01', '2026-11-26', 90)).toBe('stale');
    expect(contactLevel('2026-11-20', '2026-11-26', 90)).toBe('recent');
  });
  it('sorts groups by never contacted, then name', () => {
    const g = (name: string, never: number) => ({
      name,
      never_contacted: never,
      org_count: 1,
      open_follow_ups: 0,
      last_contact: null,
      orgs: [],
    });
    expect(sortGroups([g('乙', 0), g('甲', 2), g('丙', 0)]).map((x) => x.name)).toEqual([
      '甲',
      '丙',
      '乙',
    ]);
  });
});
