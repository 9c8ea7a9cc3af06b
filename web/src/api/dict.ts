// Typed call for /api/v1/dicts: the code lists (kinds, service domains, …) with zh/en names.
import { http } from './http';

export const DICT_NAMES = [
  'org_kind',
  'service_domain',
  'guidance_category',
  'org_origin',
  'org_status',
  'org_grade',
] as const;
export type DictName = (typeof DICT_NAMES)[number];

export interface DictEntry {
  code: string;
  name_zh: string;
  name_en: string;
  /** For org_kind: organizations of this kind are registered with civil affairs. */
  registered: boolean;
  sort: number;
}

export type Dicts = Record<DictName, DictEntry[]>;

/** All dictionaries; `silent` for pages that may be shown without a session. */
export function getDicts(silent = false): Promise<Dicts> {
  return http.get<Dicts>('/api/v1/dicts', undefined, silent);
}
