// Specification of the Party branch helpers.
import { describe, expect, it } from 'vitest';
import { participation } from './party';
import { validHours } from './interns';

describe('participation', () => {
  it('shows attended over held with a percentage', () => {
    expect(participation({ activities_attended: 9, activities_held: 12 })).toBe('9 / 12 (75%)');
  });
  it('shows a dash when nothing was held since joining', () => {
    expect(participation({ activities_attended: 0, activities_held: 0 })).toBe('—');
  });
});

describe('validHours', () => {
  it.each([
    [1, true],
    [24, true],
    [0, false],
    [25, false],
    [2.5, false],
    [-3, false],
  ])('%d hours → %s', (h, ok) => {
    expect(validHours(h)).toBe(ok);
  });
});
