// Star-rated Women & Children Homes (妇女之家 / 妇女儿童之家 / 儿童之家): the
// registry, star-rating criteria, assessments with evidence and approval,
// funding and figures per region and year. Money is integer fen.
import { http, type Page } from './http';

export type HomeKind = 'women' | 'women_children' | 'children';
export type HomeStatus = 'active' | 'suspended' | 'closed';
export type StarStatus = 'none' | 'valid' | 'expired';

export interface Home {
  id: number;
  region_code: string;
  region_name: string;
  name: string;
  kind: HomeKind;
  address: string;
  contact_name: string;
  contact_phone: string;
  phone_unmasked: boolean;
  org_id: number | null;
  org_name: string;
  founded_on: string | null;
  status: HomeStatus;
  opening_hours: string;
  services: string;
  area_m2: number;
  star_level: number;
  star_status: StarStatus;
  star_valid_from: string | null;
  star_valid_until: string | null;
  funding_total_fen: number;
  pending_assessments: number;
  version: number;
  updated_at: string;
}

/** One audited event of a Home (GET /homes/{id}/history): before/after records. */
export interface HomeHistoryEntry {
  at: string;
  actor_name: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface HomeInput {
  region_code?: string;
  name?: string;
  kind?: HomeKind;
  address?: string;
  contact_name?: string;
  contact_phone?: string;
  org_id?: number | null;
  founded_on?: string;
  status?: HomeStatus;
  opening_hours?: string;
  services?: string;
  area_m2?: number;
}

export interface CriteriaItem {
  code: string;
  name: string;
  max_points: number;
}
export interface Criteria {
  id: number;
  region_code: string;
  region_name: string;
  year: number;
  items: CriteriaItem[];
  max_total: number;
  thresholds: number[];
  validity_years: number;
  version: number;
}

export interface AssessmentItem {
  code: string;
  name: string;
  max_points: number;
  points: number;
  note: string;
  file_ids: number[];
}
export interface Assessment {
  id: number;
  home_id: number;
  items: AssessmentItem[];
  total_points: number;
  star_level: number;
  notes: string;
  assessor_name: string;
  assessed_on: string;
  valid_from: string;
  valid_until: string;
  state: 'pending' | 'approved' | 'rejected';
  decision_note: string;
  recorded_by: number | null;
  recorded_by_name: string;
  decided_by_name: string;
  application_id: number | null;
}

export interface Funding {
  id: number;
  year: number;
  amount_fen: number;
  source: string;
  note: string;
  recorded_by_name: string;
}

export interface FigureRow {
  region_code: string;
  region_name: string;
  homes: number;
  by_star: Record<string, number>;
  funding_fen: number;
}
export interface Figures {
  year: number;
  total: FigureRow;
  children: FigureRow[];
}

export interface HomeFilter {
  region?: string;
  star?: string;
  status?: string;
  kind?: string;
  q?: string;
  sort?: string;
  page?: number;
  size?: number;
}

export const listHomes = (f: HomeFilter) => http.get<Page<Home>>('/api/v1/homes', { ...f });
export const getHome = (id: number, unmask = false) =>
  http.get<Home>(`/api/v1/homes/${id}`, unmask ? { unmask_phone: 1 } : undefined);
export const createHome = (body: HomeInput) => http.post<Home>('/api/v1/homes', body);
/** Silent: the edit dialog shows the error at the field it names. */
export const updateHome = (id: number, version: number, body: HomeInput) =>
  http.patch<Home>(`/api/v1/homes/${id}`, { version, ...body }, true);
/** The audited events of a Home, oldest first (phones masked). */
export const getHomeHistory = (id: number) =>
  http.get<{ items: HomeHistoryEntry[] }>(`/api/v1/homes/${id}/history`);

export const listCriteria = (region?: string, year?: number) =>
  http.get<{ items: Criteria[]; effective: Criteria | null }>('/api/v1/homes/criteria', {
    region,
    year,
  });
export const createCriteria = (body: {
  region_code: string;
  year: number;
  items: { code?: string; name: string; max_points: number }[];
  thresholds: number[];
  validity_years: number;
}) => http.post<Criteria>('/api/v1/homes/criteria', body);
export const updateCriteria = (
  id: number,
  version: number,
  body: {
    items?: { code?: string; name: string; max_points: number }[];
    thresholds?: number[];
    validity_years?: number;
  },
) => http.patch<Criteria>(`/api/v1/homes/criteria/${id}`, { version, ...body });

export const listAssessments = (id: number) =>
  http.get<{ items: Assessment[] }>(`/api/v1/homes/${id}/assessments`);
export const recordAssessment = (
  id: number,
  body: {
    items: { code: string; points: number; note?: string; file_ids?: number[] }[];
    assessed_on: string;
    assessor_name?: string;
    notes?: string;
  },
) => http.post<Assessment>(`/api/v1/homes/${id}/assessments`, body);
export const decideAssessment = (id: number, aid: number, approve: boolean, note = '') =>
  http.post<Assessment>(
    `/api/v1/homes/${id}/assessments/${aid}/${approve ? 'approve' : 'reject'}`,
    { note },
  );

export const listFunding = (id: number) =>
  http.get<{ items: Funding[]; total_fen: number }>(`/api/v1/homes/${id}/funding`);
export const addFunding = (
  id: number,
  body: { year: number; amount_fen: number; source: string; note?: string },
) => http.post<Funding>(`/api/v1/homes/${id}/funding`, body);

export const getFigures = (year: number, region?: string) =>
  http.get<Figures>('/api/v1/homes/figures', { year, region });

/** The star level a total reaches under ascending thresholds (0 below the first). */
export function starFor(total: number, thresholds: number[]): number {
  let star = 0;
  thresholds.forEach((min, i) => {
    if (total >= min) star = i + 1;
  });
  return Math.min(star, 5);
}

/** "★★★☆☆" for a level 0–5. */
export function stars(level: number): string {
  const n = Math.max(0, Math.min(5, level));
  return '★'.repeat(n) + '☆'.repeat(5 - n);
}
