// University internship bases (实习基地): agreements, interns (phone masked;
// staff unmask with an audited read), hour logs and evaluations.
import { http, type Page } from './http';

export type Grade = '' | 'excellent' | 'good' | 'pass' | 'fail';
export const GRADES: Grade[] = ['excellent', 'good', 'pass', 'fail'];

export interface InternshipBase {
  id: number;
  region_code: string;
  region_name: string;
  name: string;
  university: string;
  majors: string;
  agreement_no: string;
  org_id: number | null;
  org_name: string;
  base_id: number | null;
  base_name: string;
  term_start: string;
  term_end: string;
  active: boolean;
  school_supervisor: string;
  org_supervisor: string;
  interns: number;
  hours: number;
  version: number;
}

export interface Intern {
  id: number;
  internship_base_id: number;
  name: string;
  school: string;
  major: string;
  phone: string;
  phone_unmasked: boolean;
  start_on: string;
  end_on: string;
  grade: Grade;
  evaluation: string;
  hours: number;
  days: number;
  version: number;
}

export interface HourEntry {
  id: number;
  worked_on: string;
  hours: number;
  activity: string;
  recorded_by_name: string;
}

export interface BaseInput {
  name?: string;
  university?: string;
  majors?: string;
  agreement_no?: string;
  org_id?: number;
  base_id?: number;
  term_start?: string;
  term_end?: string;
  school_supervisor?: string;
  org_supervisor?: string;
}

export interface InternInput {
  name?: string;
  school?: string;
  major?: string;
  phone?: string;
  start_on?: string;
  end_on?: string;
  grade?: Grade;
  evaluation?: string;
}

const path = (id: number) => `/api/v1/internship-bases/${id}`;

export const listBases = (q = '') =>
  http.get<Page<InternshipBase>>('/api/v1/internship-bases', { q, size: 100 });
export const getBase = (id: number) => http.get<InternshipBase>(path(id));
export const createBase = (body: BaseInput) =>
  http.post<InternshipBase>('/api/v1/internship-bases', body);
export const listInterns = (id: number, unmask = false) =>
  http.get<{ items: Intern[]; total: number; hours: number }>(
    `${path(id)}/interns`,
    unmask ? { unmask: 'phone' } : undefined,
  );
export const addIntern = (id: number, body: InternInput) =>
  http.post<Intern>(`${path(id)}/interns`, body);
export const updateIntern = (id: number, iid: number, version: number, body: InternInput) =>
  http.patch<Intern>(`${path(id)}/interns/${iid}`, { version, ...body });
export const listHours = (id: number, iid: number) =>
  http.get<{ items: HourEntry[]; total_hours: number }>(`${path(id)}/interns/${iid}/hours`);
export const logHours = (
  id: number,
  iid: number,
  body: { worked_on: string; hours: number; activity: string },
) => http.post<HourEntry>(`${path(id)}/interns/${iid}/hours`, body);

/** A client-side check mirroring the server: whole hours 1–24 for one day. */
export function validHours(h: number): boolean {
  return Number.isInteger(h) && h > 0 && h <= 24;
}
