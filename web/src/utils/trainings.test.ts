import { describe, expect, it } from 'vitest';
import {
  canMoveTraining,
  enrolmentActions,
  formatHours,
  quarterStrip,
  seatsLeft,
  trainingMoves,
} from './trainings';

describe('training state machine', () => {
  it.each([
    ['planned', ['open', 'cancel']],
    ['open', ['close', 'hold', 'cancel']],
    ['closed', ['hold', 'cancel']],
    ['held', []],
    ['cancelled', []],
  ] as const)('%s offers %j', (state, moves) => {
    expect(trainingMoves(state)).toEqual(moves);
  });

  it('refuses going back', () => {
    expect(canMoveTraining('closed', 'open')).toBe(false);
    expect(canMoveTraining('held', 'open')).toBe(false);
  });
});

describe('enrolment actions', () => {
  it('offers what the server allows', () => {
    expect(enrolmentActions('open', 'enrolled', { staff: true, ended: false })).toEqual([
      'check-in',
      'cancel',
    ]);
    expect(enrolmentActions('closed', 'enrolled', { staff: true, ended: true })).toEqual([
      'check-in',
      'absent',
      'cancel',
    ]);
    expect(enrolmentActions('open', 'waitlisted', { staff: false, ended: false })).toEqual([
      'cancel',
    ]);
    expect(enrolmentActions('held', 'attended', { staff: false, ended: true })).toEqual([
      'feedback',
    ]);
    expect(enrolmentActions('held', 'absent', { staff: true, ended: true })).toEqual(['check-in']);
    expect(enrolmentActions('held', 'cancelled', { staff: true, ended: true })).toEqual([]);
  });
});

describe('quarter strip', () => {
  const q = (quarter: number, held: string[], planned: string[] = []) => ({
    quarter,
    covered: held.length > 0,
    held: held.map((title, i) => ({ id: i, title, starts_at: '', region_code: '' })),
    planned: planned.map((title, i) => ({
      id: i,
      title,
      state: 'planned',
      starts_at: '',
      region_code: '',
    })),
  });
  it('marks covered, planned, missing and future quarters', () => {
    const cells = quarterStrip(
      [q(1, ['项目设计与申报']), q(2, []), q(3, [], ['家庭教育指导技能']), q(4, [])],
      2026,
      new Date('2026-08-01T00:00:00Z'),
    );
    expect(cells.map((c) => c.status)).toEqual(['covered', 'missing', 'planned', 'future']);
    expect(cells[0].titles).toEqual(['项目设计与申报']);
  });
});

describe('labels', () => {
  it('formats hours and seats', () => {
    expect(formatHours(3.5)).toBe('3.5');
    expect(formatHours(6)).toBe('6');
    expect(seatsLeft(null, 3)).toBeNull();
    expect(seatsLeft(2, 3)).toBe(0);
    expect(seatsLeft(5, 3)).toBe(2);
  });
});
