// Specification of the dashboard's series shaping: a gap-free year axis and domain bars.
import { describe, expect, it } from 'vitest';
import { domainBars, trendSeries } from './trend';

describe('trendSeries', () => {
  it('merges both lists onto one year axis, filling missing years with 0', () => {
    expect(
      trendSeries(
        [
          { year: '2005', n: 4 },
          { year: '2008', n: 2 },
        ],
        [
          { year: '2007', n: 1 },
          { year: '2010', n: 3 },
        ],
      ),
    ).toEqual({
      years: ['2005', '2006', '2007', '2008', '2009', '2010'],
      founded: [4, 0, 0, 2, 0, 0],
      registered: [0, 0, 1, 0, 0, 3],
    });
  });

  it('is empty without data', () => {
    expect(trendSeries([], [])).toEqual({ years: [], founded: [], registered: [] });
  });

  it('sorts, sums repeated years and skips years that are not four digits', () => {
    expect(
      trendSeries(
        [
          { year: '2012', n: 1 },
          { year: '2011', n: 2 },
          { year: '2012', n: 5 },
          { year: '', n: 9 },
          { year: 'unknown', n: 9 },
        ],
        [],
      ),
    ).toEqual({ years: ['2011', '2012'], founded: [2, 6], registered: [0, 0] });
  });
});

describe('domainBars', () => {
  it('keeps non-zero counts, largest first, ties in dictionary order', () => {
    expect(
      domainBars({ health: 5, child_care: 7, employment: 5, volunteering: 0 }, [
        'employment',
        'health',
      ]),
    ).toEqual([
      { code: 'child_care', n: 7 },
      { code: 'employment', n: 5 },
      { code: 'health', n: 5 },
    ]);
  });

  it('handles missing counts', () => {
    expect(domainBars(undefined)).toEqual([]);
  });
});
