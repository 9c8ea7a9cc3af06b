// Typed calls for cadre liaison (/api/v1/visits): visits and contacts with their
// follow-ups, the workload per cadre and department, and the stale list.
import { http, type Page, type Query } from './http';

export type VisitForm = 'visit' | 'phone' | 'meeting' | 'online' | 'other';
export type FollowUpState = 'none' | 'open' | 'closed';
export const VISIT_FORMS: VisitForm[] = ['visit', 'phone', 'meeting', 'online', 'other'];

export interface Visit {
  id: number;
  org_id: number;
  org_name: string;
  region_code: string;
  region_name: string;
  visited_on: string;
  form: VisitForm;
  topics: string;
  issues: string;
  follow_up: string;
  follow_up_due: string | null;
  follow_up_state: FollowUpState;
  closing_note: string;
  closed_on: string | null;
  recorded_by: number;
  recorded_by_name: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface VisitInput {
  org_id?: number;
  visited_on?: string;
  form?: VisitForm;
  topics?: string;
  issues?: string;
  follow_up?: string;
  follow_up_due?: string | null;
}

export interface VisitQuery extends Query {
  org_id?: number;
  region?: string;
  form?: VisitForm | '';
  follow_up_state?: FollowUpState | '';
  from?: string;
  to?: string;
  page?: number;
  size?: number;
}

export interface LinkedOrg {
  org_id: number;
  org_name: string;
  region_code: string;
  last_contact: string | null;
  visits: number;
  open_follow_ups: number;
}

export interface WorkloadGroup {
  cadre_user_id?: number;
  name: string;
  org_count: number;
  never_contacted: number;
  open_follow_ups: number;
  last_contact: string | null;
  orgs: LinkedOrg[];
}

export interface Workload {
  cadres: WorkloadGroup[];
  departments: WorkloadGroup[];
}

export interface StaleOrg {
  org_id: number;
  org_name: string;
  region_code: string;
  region_name: string;
  department: string | null;
  cadre_user_id: number | null;
  cadre_name: string | null;
  last_contact: string | null;
  /** null: never contacted. */
  days_since: number | null;
}

export const listVisits = (q: VisitQuery = {}) => http.get<Page<Visit>>('/api/v1/visits', q);
export const getVisit = (id: number) => http.get<Visit>(`/api/v1/visits/${id}`);
export const createVisit = (input: VisitInput) => http.post<Visit>('/api/v1/visits', input, true);
export const updateVisit = (id: number, version: number, input: VisitInput) =>
  http.patch<Visit>(`/api/v1/visits/${id}`, { ...input, version }, true);
export const closeFollowUp = (id: number, version: number, note: string, closedOn?: string) =>
  http.post<Visit>(
    `/api/v1/visits/${id}/close-follow-up`,
    { version, note, ...(closedOn ? { closed_on: closedOn } : {}) },
    true,
  );
export const getWorkload = (region?: string) =>
  http.get<Workload>('/api/v1/visits/workload', { region });
export const listStale = (q: {
  days?: number;
  region?: string;
  linked?: boolean;
  page?: number;
  size?: number;
}) => http.get<Page<StaleOrg> & { days: number }>('/api/v1/visits/stale', q);
