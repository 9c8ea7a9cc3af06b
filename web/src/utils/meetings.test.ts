import { describe, expect, it } from 'vitest';
import {
  attendanceSummary,
  canMarkInvitation,
  canMoveMeeting,
  isOverdue,
  manualMarks,
  normaliseCode,
  todayCn,
} from './meetings';

describe('meeting state machine', () => {
  it.each([
    ['scheduled', 'held', true],
    ['scheduled', 'cancelled', true],
    ['held', 'cancelled', false],
    ['held', 'scheduled', false],
    ['cancelled', 'held', false],
  ] as const)('%s → %s is %s', (from, to, ok) => {
    expect(canMoveMeeting(from, to)).toBe(ok);
  });

  it('marks invitations as the server allows', () => {
    expect(canMarkInvitation('invited', 'attended')).toBe(true);
    expect(canMarkInvitation('attended', 'attended')).toBe(false);
    expect(canMarkInvitation('absent', 'confirmed')).toBe(false);
    expect(manualMarks('scheduled', 'invited')).toEqual(['attended', 'absent']);
    expect(manualMarks('held', 'attended')).toEqual(['absent']);
    expect(manualMarks('cancelled', 'invited')).toEqual([]);
  });
});

describe('resolutions and attendance', () => {
  it('is overdue only when open and past due', () => {
    expect(isOverdue({ state: 'open', due_on: '2026-01-31' }, '2026-02-01')).toBe(true);
    expect(isOverdue({ state: 'open', due_on: '2026-02-01' }, '2026-02-01')).toBe(false);
    expect(isOverdue({ state: 'done', due_on: '2026-01-31' }, '2026-02-01')).toBe(false);
    expect(isOverdue({ state: 'open', due_on: null }, '2026-02-01')).toBe(false);
  });

  it('uses the China date', () => {
    expect(todayCn(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01');
    expect(todayCn(new Date('2026-12-31T15:30:00Z'))).toBe('2026-12-31');
  });

  it('summarises attendance and normalises codes', () => {
    expect(attendanceSummary(['invited', 'attended', 'absent', 'attended'])).toEqual({
      invited: 4,
      confirmed: 0,
      attended: 2,
      absent: 1,
    });
    expect(normaliseCode(' ab-c 12d ')).toBe('ABC12D');
  });
});
