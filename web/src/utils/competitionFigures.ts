// The city-wide competition figures shaped for display: the bar series of
// participation per region and the vote cell of a competition row. Pure helpers
// (see competitionFigures.test.ts).
import type { CitywideFigures, Votes } from '@/api/competitions';

export interface RegionBars {
  regions: string[];
  applications: number[];
  qualified: number[];
  funded: number[];
}

/** Regions with any application, most applications first (ties by code), as bar series. */
export function regionBars(f: Pick<CitywideFigures, 'by_region'> | null): RegionBars {
  const rows = [...(f?.by_region ?? [])]
    .filter((r) => r.applications > 0)
    .sort((a, b) => b.applications - a.applications || a.region_code.localeCompare(b.region_code));
  return {
    regions: rows.map((r) => r.region_name || r.region_code),
    applications: rows.map((r) => r.applications),
    qualified: rows.map((r) => r.qualified),
    funded: rows.map((r) => r.funded_entries),
  };
}

/** "online / paper / voided", or `hidden` while a competition hides its counts. */
export function votesText(v: Votes | null | undefined, hidden: string): string {
  return v ? `${v.online} / ${v.paper} / ${v.voided}` : hidden;
}

/** Years a user may pick: from the first competition year (2014) to next year, newest first. */
export function figureYears(now: number, first = 2014): number[] {
  const out: number[] = [];
  for (let y = now + 1; y >= first; y--) out.push(y);
  return out;
}
