// Money helpers of the project cycle: fen ↔ yuan, sums, shares, contract terms.
import { describe, expect, it } from 'vitest';
import {
  fenToYuan,
  formatFen,
  formatShare,
  projectActions,
  sumFen,
  withinYears,
  yuanToFen,
} from './projects';

describe('formatFen', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [123456789, '1,234,567.89'],
    [200000000, '2,000,000.00'],
    [-150, '-1.50'],
  ])('%d fen → %s', (fen, text) => expect(formatFen(fen)).toBe(text));
  it('shows a dash for no amount', () => expect(formatFen(null)).toBe('—'));
});

describe('yuanToFen', () => {
  it.each([
    ['12345.6', 1234560],
    ['1,250,000', 125000000],
    [0.1, 10],
    ['0.01', 1],
    [' 7 ', 700],
  ])('%s → %d fen', (y, fen) => expect(yuanToFen(y)).toBe(fen));
  it.each(['', 'abc', '1.234', '-5', '0', '0.00', null])('refuses %s', (y) =>
    expect(yuanToFen(y as string | null)).toBeNull(),
  );
  it('round-trips with fenToYuan', () => {
    for (const fen of [1, 99, 100, 123456789]) expect(yuanToFen(fenToYuan(fen))).toBe(fen);
  });
});

describe('sumFen', () => {
  it('adds the integer amounts only', () => {
    expect(sumFen([{ amount: 6000000 }, { amount: 4000000 }, { amount: null }])).toBe(10000000);
  });
});

describe('formatShare', () => {
  it('formats a share as a percentage', () => {
    expect(formatShare(0.4567)).toBe('45.7%');
    expect(formatShare(undefined)).toBe('—');
  });
});

describe('withinYears', () => {
  it('allows up to the day before the anniversary', () => {
    expect(withinYears('2026-03-01', '2027-02-28', 1)).toBe(true);
    expect(withinYears('2026-03-01', '2027-03-01', 1)).toBe(false);
    expect(withinYears('2024-02-29', '2025-02-27', 1)).toBe(true);
    expect(withinYears('2026-03-01', '2029-02-28', 3)).toBe(true);
  });
});

describe('projectActions', () => {
  it('offers the allowed transitions of each state', () => {
    expect(projectActions('submitted')).toEqual(['approve', 'return', 'cancel']);
    expect(projectActions('closed')).toEqual([]);
  });
});
