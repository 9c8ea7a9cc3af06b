import { describe, expect, it } from 'vitest';
import { starFor, stars } from './homes';

describe('homes', () => {
  it('computes the star level from the thresholds like the server', () => {
    const th = [60, 70, 80, 85, 90];
    expect(starFor(59, th)).toBe(0);
    expect(starFor(60, th)).toBe(1);
    expect(starFor(84, th)).toBe(3);
    expect(starFor(85, th)).toBe(4);
    expect(starFor(100, th)).toBe(5);
  });
  it('draws filled and empty stars', () => {
    expect(stars(3)).toBe('★★★☆☆');
    expect(stars(0)).toBe('☆☆☆☆☆');
    expect(stars(9)).toBe('★★★★★');
  });
});
