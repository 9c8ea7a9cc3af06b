// Typed calls for annual reviews (/api/v1/annual-reviews: list, create, read, edit,
// submit, return, decide, overdue list and sweep, due dates per year, checklist)
// and the public disclosures (/api/v1/public/disclosures).
import { http, type Page, type Query } from './http';

export type ReviewState = 'draft' | 'submitted' | 'returned' | 'resubmitted' | 'decided';
export type ReviewResult = 'qualified' | 'basically_qualified' | 'unqualified';
export type ChecklistAnswer = 'yes' | 'no' | 'na';

export const REVIEW_STATES: ReviewState[] = [
  'draft',
  'submitted',
  'returned',
  'resubmitted',
  'decided',
];
export const REVIEW_RESULTS: ReviewResult[] = ['qualified', 'basically_qualified', 'unqualified'];
export const FILE_FIELDS = ['work_report_file_id', 'financial_file_id', 'audit_file_id'] as const;
export type FileField = (typeof FILE_FIELDS)[number];

/** The disclosure items (money in integer fen). */
export interface Disclosure {
  governance: string | null;
  activities: string | null;
  income_fen: number | null;
  spending_fen: number | null;
  income_government_fen: number | null;
  income_donations_fen: number | null;
  income_service_fees_fen: number | null;
  income_other_fen: number | null;
  staff_fulltime: number | null;
  staff_parttime: number | null;
  volunteers: number | null;
}
export type DisclosureField = keyof Disclosure;

export interface Review {
  id: number;
  org_id: number;
  org_name: string;
  region_code: string;
  region_name: string;
  year: number;
  state: ReviewState;
  result: ReviewResult | null;
  reasons: string;
  return_note: string;
  checklist: Record<string, ChecklistAnswer>;
  submitted_at: string | null;
  decided_at: string | null;
  decided_by_name: string;
  published: boolean;
  due_date?: string;
  work_report_file_id: number | null;
  financial_file_id: number | null;
  audit_file_id: number | null;
  disclosure: Disclosure;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ReviewQuery extends Query {
  year?: number | '';
  state?: ReviewState | '';
  result?: ReviewResult | '';
  region?: string;
  org_id?: number;
  page?: number;
  size?: number;
}

export interface OverdueItem {
  org_id: number;
  org_name: string;
  region_code: string;
  region_name: string;
  org_status: string;
  year: number;
  due_date: string;
  /** ≤ 0: not yet due. */
  days_overdue: number;
  review_id: number | null;
  state: ReviewState | null;
  flagged_at: string | null;
}

export interface ReviewYear {
  year: number;
  due_date: string;
  configured: boolean;
}

export interface ChecklistInfo {
  items: string[];
  file_fields: string[];
  number_fields: string[];
  text_fields: string[];
}

/** Fields a create or patch may send. */
export type ReviewInput = Partial<Disclosure> & Partial<Record<FileField, number | null>>;

export interface PublicDisclosure {
  id: number;
  org_name: string;
  region_name: string;
  year: number;
  result: ReviewResult;
  decided_at: string | null;
  items: Disclosure;
}

const BASE = '/api/v1/annual-reviews';

export const listReviews = (q: ReviewQuery = {}) => http.get<Page<Review>>(BASE, q);
export const getReview = (id: number) => http.get<Review>(`${BASE}/${id}`);
export const createReview = (orgId: number, year: number, input: ReviewInput = {}) =>
  http.post<Review>(BASE, { ...input, org_id: orgId, year }, true);
export const updateReview = (id: number, version: number, input: ReviewInput) =>
  http.patch<Review>(`${BASE}/${id}`, { ...input, version }, true);
export const submitReview = (id: number, version: number) =>
  http.post<Review>(`${BASE}/${id}/submit`, { version }, true);
export const returnReview = (id: number, version: number, note: string) =>
  http.post<Review>(`${BASE}/${id}/return`, { version, note }, true);
export const decideReview = (
  id: number,
  version: number,
  result: ReviewResult,
  reasons: string,
  checklist: Record<string, ChecklistAnswer>,
) => http.post<Review>(`${BASE}/${id}/decide`, { version, result, reasons, checklist }, true);
export const listOverdue = (q: { year?: number; region?: string; page?: number; size?: number }) =>
  http.get<Page<OverdueItem>>(`${BASE}/overdue`, q);
export const flagOverdue = (year: number) =>
  http.post<{ year: number; flagged: number }>(`${BASE}/overdue/flag?year=${year}`);
export const listReviewYears = () =>
  http.get<{ items: ReviewYear[]; total: number }>(`${BASE}/years`);
export const setReviewYear = (year: number, dueDate: string) =>
  http.patch<ReviewYear>(`${BASE}/years/${year}`, { due_date: dueDate });
export const getChecklist = () => http.get<ChecklistInfo>(`${BASE}/checklist`);

export const listDisclosures = (q: {
  year?: number | '';
  q?: string;
  page?: number;
  size?: number;
}) => http.get<Page<PublicDisclosure>>('/api/v1/public/disclosures', q);
export const getDisclosure = (id: number) =>
  http.get<PublicDisclosure>(`/api/v1/public/disclosures/${id}`);
