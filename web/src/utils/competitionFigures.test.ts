// Specification of the city-wide figures helpers: participation bars per region and the
// vote cell that never shows a number while counts are hidden.
import { describe, expect, it } from 'vitest';
import { figureYears, regionBars, votesText } from './competitionFigures';

const row = (code: string, name: string, applications: number, qualified = 0, funded = 0) => ({
  region_code: code,
  region_name: name,
  applications,
  applicant_orgs: applications,
  qualified,
  funded_entries: funded,
  funded_orgs: funded,
  requested_fen: 0,
  awarded_fen: 0,
});

describe('regionBars', () => {
  it('orders regions by applications and leaves out regions without any', () => {
    const bars = regionBars({
      by_region: [
        row('440703000000', '蓬江区', 2, 2, 1),
        row('440705000000', '新会区', 5, 4, 3),
        row('440781000000', '台山市', 0),
        row('440704000000', '', 2, 1, 0),
      ],
    });
    expect(bars.regions).toEqual(['新会区', '蓬江区', '440704000000']);
    expect(bars.applications).toEqual([5, 2, 2]);
    expect(bars.qualified).toEqual([4, 2, 1]);
    expect(bars.funded).toEqual([3, 1, 0]);
  });

  it('is empty without figures', () => {
    expect(regionBars(null).regions).toEqual([]);
  });
});

describe('votesText', () => {
  it('shows online, paper and voided votes, or the hidden label', () => {
    expect(votesText({ online: 120, paper: 12, voided: 3 }, '隐藏')).toBe('120 / 12 / 3');
    expect(votesText(null, '截止前隐藏')).toBe('截止前隐藏');
  });
});

describe('figureYears', () => {
  it('runs from next year back to 2014', () => {
    const ys = figureYears(2026);
    expect(ys[0]).toBe(2027);
    expect(ys.at(-1)).toBe(2014);
    expect(ys).toHaveLength(14);
  });
});
