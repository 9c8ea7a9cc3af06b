// Region helpers: level names through i18n and the level implied by a 12-digit division code.
import type { RegionLevel } from '@/api/region';

/** True when `n` is one of the five region levels (1 province … 5 village/community). */
export function isRegionLevel(n: unknown): n is RegionLevel {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 5;
}

/** The i18n key naming a level, e.g. `region.level.3`; unknown levels map to `region.unknownLevel`. */
export function levelKey(level: unknown): string {
  return isRegionLevel(level) ? `region.level.${level}` : 'region.unknownLevel';
}

/**
 * The level a 12-digit statistical code denotes (trailing zero groups are padding):
 * 44 → province, 4407 → city, 440705 → county, 440705001 → town, else village. Null if malformed.
 */
export function levelOfCode(code: string): RegionLevel | null {
  if (!/^\d{12}$/.test(code)) return null;
  if (code.slice(2) === '0000000000') return 1;
  if (code.slice(4) === '00000000') return 2;
  if (code.slice(6) === '000000') return 3;
  if (code.slice(9) === '000') return 4;
  return 5;
}

/** Joins a root→self path into one display string, e.g. `江门市 / 新会区`. */
export function pathLabel(path: { name: string }[]): string {
  return path.map((p) => p.name).join(' / ');
}
