import { describe, expect, it } from 'vitest';
import type { Criterion } from '@/api/bases';
import {
  allowedTransitions,
  canRecordEvents,
  chinaToday,
  daysLeft,
  hoursPercent,
  hoursStatus,
  termsEditable,
  TRANSITIONS,
  unmetRequired,
} from './bases';

describe('allowedTransitions', () => {
  it('offers the base side signing and declining an application', () => {
    expect(allowedTransitions('applied', ['base'])).toEqual(['signed', 'declined']);
  });
  it('offers the resident accepting or declining an invitation, and withdrawing an application', () => {
    expect(allowedTransitions('invited', ['resident'])).toEqual(['applied', 'declined']);
    expect(allowedTransitions('applied', ['resident'])).toEqual(['withdrawn']);
  });
  it('offers staff (both sides) everything from a state', () => {
    expect(allowedTransitions('invited', ['base', 'resident'])).toEqual([
      'applied',
      'declined',
      'withdrawn',
    ]);
    expect(allowedTransitions('active', ['base', 'resident'])).toEqual(['graduated', 'terminated']);
  });
  it('offers nothing from a final state or to an auditor', () => {
    for (const s of ['graduated', 'terminated', 'expired', 'declined', 'withdrawn'] as const)
      expect(allowedTransitions(s, ['base', 'resident'])).toEqual([]);
    expect(allowedTransitions('applied', [])).toEqual([]);
  });
  it('never offers expired by hand', () => {
    expect(TRANSITIONS.some((t) => t.to === 'expired')).toBe(false);
  });
});

describe('edit rules', () => {
  it('records events on open agreements by the base side only', () => {
    expect(canRecordEvents({ state: 'active', sides: ['base'] })).toBe(true);
    expect(canRecordEvents({ state: 'active', sides: ['resident'] })).toBe(false);
    expect(canRecordEvents({ state: 'graduated', sides: ['base'] })).toBe(false);
  });
  it('keeps terms editable before signing only', () => {
    expect(termsEditable('applied')).toBe(true);
    expect(termsEditable('signed')).toBe(false);
  });
});

describe('hours', () => {
  it('computes a capped percentage', () => {
    expect(hoursPercent(5.5, 100)).toBe(6);
    expect(hoursPercent(150, 100)).toBe(100);
    expect(hoursPercent(3, null)).toBeNull();
    expect(hoursPercent(3, 0)).toBeNull();
  });
  it('says behind when delivery trails the elapsed term', () => {
    expect(hoursStatus(10, 100, '2026-01-01', '2026-12-31', '2026-07-01')).toBe('behind');
    expect(hoursStatus(45, 100, '2026-01-01', '2026-12-31', '2026-07-01')).toBe('on_track');
    expect(hoursStatus(100, 100, '2026-01-01', '2026-12-31', '2026-07-01')).toBe('done');
    expect(hoursStatus(1, null, null, null, '2026-07-01')).toBe('none');
  });
});

describe('dates', () => {
  it('counts days left and uses China time for today', () => {
    expect(daysLeft('2027-06-30', '2027-06-23')).toBe(7);
    expect(daysLeft('2027-06-30', '2027-07-01')).toBe(-1);
    expect(daysLeft(null, '2027-06-30')).toBeNull();
    expect(chinaToday(new Date('2027-06-30T23:30:00Z'))).toBe('2027-07-01');
  });
});

describe('unmetRequired', () => {
  it('lists required items not yet met', () => {
    const c = (code: string, required: boolean, met: boolean): Criterion => ({
      code,
      required,
      met,
      note: null,
      met_at: null,
      met_by_name: null,
    });
    expect(
      unmetRequired([c('registered', true, true), c('charter', true, false), c('x', false, false)]),
    ).toEqual(['charter']);
  });
});
