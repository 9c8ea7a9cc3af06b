import { describe, expect, it } from 'vitest';
import { tenderActions, weightsComplete } from './tenders';

describe('tenders', () => {
  it('offers the actions of each state', () => {
    expect(tenderActions('draft')).toEqual(['publish', 'cancel']);
    expect(tenderActions('scored')).toEqual(['award', 'cancel']);
    expect(tenderActions('awarded')).toEqual([]);
    expect(tenderActions('cancelled')).toEqual([]);
  });
  it('checks that the weights sum to 100', () => {
    expect(weightsComplete([{ weight: 60 }, { weight: 40 }])).toBe(true);
    expect(weightsComplete([{ weight: 60 }, { weight: 30 }])).toBe(false);
  });
});
