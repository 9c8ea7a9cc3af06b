// Specification of the supervision client helpers: figures must add up by gender and age.
import { describe, expect, it } from 'vitest';
import { figuresConsistent } from './supervision';

describe('figuresConsistent', () => {
  const base = { total: 100, female: 55, male: 45, children: 70, adults: 25, seniors: 5 };
  it.each([
    [base, { gender: true, age: true }],
    [
      { ...base, female: 56 },
      { gender: false, age: true },
    ],
    [
      { ...base, seniors: 6 },
      { gender: true, age: false },
    ],
    [
      { ...base, total: 0 },
      { gender: false, age: false },
    ],
  ])('checks %j', (b, want) => {
    expect(figuresConsistent(b)).toEqual(want);
  });
});
