// Shapes the dashboard's year trend and service-domain counts into chart series.
import type { YearCount } from '@/api/org';

export interface TrendSeries {
  /** Every year from the first to the last one that occurs in either list. */
  years: string[];
  founded: number[];
  registered: number[];
}

function yearNumber(y: string): number | null {
  return /^\d{4}$/.test(y) ? Number(y) : null;
}

/**
 * Merges the founding and registration counts onto one year axis without gaps (missing years
 * count 0). Entries whose year is not four digits are left out; repeated years are summed.
 */
export function trendSeries(founded: readonly YearCount[], registered: readonly YearCount[]) {
  const sum = (list: readonly YearCount[]) => {
    const m = new Map<number, number>();
    for (const { year, n } of list) {
      const y = yearNumber(String(year));
      if (y !== null) m.set(y, (m.get(y) ?? 0) + n);
    }
    return m;
  };
  const f = sum(founded);
  const r = sum(registered);
  const all = [...f.keys(), ...r.keys()];
  const out: TrendSeries = { years: [], founded: [], registered: [] };
  if (all.length === 0) return out;
  const first = Math.min(...all);
  const last = Math.max(...all);
  for (let y = first; y <= last; y++) {
    out.years.push(String(y));
    out.founded.push(f.get(y) ?? 0);
    out.registered.push(r.get(y) ?? 0);
  }
  return out;
}

/**
 * Service-domain counts as bars: non-zero entries, largest first; ties follow `order` (the
 * dictionary's display order), then the code.
 */
export function domainBars(
  counts: Record<string, number> | null | undefined,
  order: readonly string[] = [],
): { code: string; n: number }[] {
  const rank = (c: string) => (order.indexOf(c) < 0 ? order.length : order.indexOf(c));
  return Object.entries(counts ?? {})
    .filter(([, n]) => n > 0)
    .map(([code, n]) => ({ code, n }))
    .sort((a, b) => b.n - a.n || rank(a.code) - rank(b.code) || a.code.localeCompare(b.code));
}
