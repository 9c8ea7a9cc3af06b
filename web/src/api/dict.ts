// Typed calls for /api/v1/dicts: the code lists (kinds, service domains, …) with zh/en names,
// and their administration (admins add, rename, re-sort and retire entries).
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

/** The dictionaries an admin may extend and edit (the others are fixed by the server). */
export const EDITABLE_DICTS = [
  'org_kind',
  'service_domain',
  'guidance_category',
  'org_origin',
] as const;
export type EditableDict = (typeof EDITABLE_DICTS)[number];

export interface DictEntryInput {
  code: string;
  name_zh: string;
  name_en: string;
  sort?: number;
  /** Only for org_kind. */
  registered?: boolean;
}

export interface DictEntryPatch {
  name_zh: string;
  name_en: string;
  /** Omitted means 100 on the server, so send the current value when not changing it. */
  sort?: number;
  /** false retires the entry: GET /dicts no longer lists it; stored codes stay valid. */
  active: boolean;
}

/** Adds an entry (admin); 409 already_exists with field code for a taken code. Silent. */
export function addDictEntry(dict: EditableDict, input: DictEntryInput): Promise<void> {
  return http.post<void>(`/api/v1/dicts/${dict}`, input, true);
}

/** Renames, re-sorts or retires an entry (admin). Silent. */
export function editDictEntry(
  dict: EditableDict,
  code: string,
  patch: DictEntryPatch,
): Promise<void> {
  return http.patch<void>(`/api/v1/dicts/${dict}/${encodeURIComponent(code)}`, patch, true);
}
