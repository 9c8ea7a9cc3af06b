// Typed calls for /api/v1/regions: one region, its children, and search.
import { http, type Page } from './http';

/** 1 province, 2 city, 3 county/district, 4 town/street, 5 village/community. */
export type RegionLevel = 1 | 2 | 3 | 4 | 5;

export interface RegionRef {
  code: string;
  name: string;
}

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parent_code: string | null;
  has_children: boolean;
  path: RegionRef[];
}

export interface RegionChild {
  code: string;
  name: string;
  level: RegionLevel;
  has_children: boolean;
}

export interface RegionMatch {
  code: string;
  name: string;
  level: RegionLevel;
  path_name: string;
}

/** One region; `silent` for name look-ups whose failure the page can live with. */
export function getRegion(code: string, silent = false): Promise<Region> {
  return http.get<Region>(`/api/v1/regions/${encodeURIComponent(code)}`, undefined, silent);
}

export async function getChildren(code: string): Promise<RegionChild[]> {
  const res = await http.get<{ items: RegionChild[] }>(
    `/api/v1/regions/${encodeURIComponent(code)}/children`,
  );
  return res.items;
}

export function searchRegions(q: string, page = 1, size = 20): Promise<Page<RegionMatch>> {
  return http.get<Page<RegionMatch>>('/api/v1/regions', { q, page, size });
}
