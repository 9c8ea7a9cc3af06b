// Close-out and promotion (总结推广): final reports, evaluations, brand projects
// with their public cases, re-funding and the purchase list. Money is integer fen.
import { http, type Page } from './http';
import type { Indicator, Project } from './projects';

export type ReportState = 'submitted' | 'accepted' | 'returned';
export const AGE_GROUPS = ['children', 'youth', 'middle_aged', 'elderly'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];
export const GRADES = ['excellent', 'good', 'pass', 'fail'] as const;
export type Grade = (typeof GRADES)[number];

export interface FinalReport {
  state: ReportState;
  summary: string;
  indicators: (Indicator & { achieved: string })[];
  beneficiaries: { women: number; men: number; total: number; by_age: Record<AgeGroup, number> };
  spending: { name: string; budget: number; spent: number; difference: number }[];
  spent_total: number;
  file_ids: number[];
  review_note: string;
  submitted_by_name: string;
  submitted_at: string;
  reviewed_by_name: string;
  reviewed_at: string | null;
  version: number;
}
export interface Evaluation {
  score: number;
  grade: Grade;
  comments: string;
  evaluated_by_name: string;
  evaluated_at: string;
}
export interface Brand {
  case_id: number;
  note: string;
  designated_by_name: string;
  designated_at: string;
  case_title: string;
  case_summary: string;
  case_photo_ids: number[];
  published: boolean;
  published_at: string | null;
}
export interface Closeout {
  project_id: number;
  title: string;
  department: string;
  year: number;
  region_code: string;
  state: 'in_progress' | 'closed';
  indicators: Indicator[];
  budget_lines: { name: string; amount: number }[];
  budget_total: number;
  funding_source: string | null;
  contract_id: number | null;
  provider_org_id: number | null;
  provider_name: string;
  final_report: FinalReport | null;
  evaluation: Evaluation | null;
  brand: Brand | null;
  refunded_to: number | null;
  refunded_from: number | null;
}
export interface CloseoutRow {
  project_id: number;
  title: string;
  department: string;
  year: number;
  region_code: string;
  region_name: string;
  state: 'in_progress' | 'closed';
  provider_name: string;
  report_state: ReportState | null;
  score: number | null;
  grade: Grade | null;
  brand: boolean;
  published: boolean;
}
export interface FinalReportInput {
  summary: string;
  indicators: { name: string; achieved: string }[];
  beneficiaries: { women: number; men: number; by_age: Partial<Record<AgeGroup, number>> };
  spending: { name: string; spent: number }[];
  file_ids?: number[];
}
export interface PublicCase {
  id: number;
  title: string;
  summary: string;
  photos: { id: number; name: string }[];
  published_at: string;
  year: number;
  region_code: string;
  region_name: string;
  department: string;
  provider_name: string;
}

type Q = Record<string, string | number | undefined>;
const base = (id: number) => `/api/v1/closeouts/${id}`;

export const listCloseouts = (q: Q = {}) => http.get<Page<CloseoutRow>>('/api/v1/closeouts', q);
export const getCloseout = (id: number) => http.get<Closeout>(base(id));
export const submitReport = (id: number, input: FinalReportInput) =>
  http.post<Closeout>(`${base(id)}/final-report`, input, true);
export const acceptReport = (id: number) => http.post<Closeout>(`${base(id)}/final-report/accept`);
export const returnReport = (id: number, note: string) =>
  http.post<Closeout>(`${base(id)}/final-report/return`, { note }, true);
export const evaluate = (id: number, score: number, grade: Grade, comments: string) =>
  http.post<Closeout>(`${base(id)}/evaluation`, { score, grade, comments }, true);
export const designateBrand = (id: number, note = '') =>
  http.post<Closeout>(`${base(id)}/brand`, { note });
export const publishCase = (id: number, title: string, summary: string, photo_ids: number[] = []) =>
  http.post<Closeout>(`${base(id)}/case`, { title, summary, photo_ids }, true);
export const unpublishCase = (id: number) => http.post<Closeout>(`${base(id)}/case/unpublish`);
export const closeProject = (id: number) => http.post<Project>(`/api/v1/projects/${id}/close`);
export const refundProject = (id: number) => http.post<Project>(`/api/v1/projects/${id}/refund`);
export const purchasesUrl = (year: number) => `/api/v1/projects/purchases.xlsx?year=${year}`;
export const listPublicCases = (q: Q = {}) => http.get<Page<PublicCase>>('/api/v1/public/cases', q);
export const getPublicCase = (id: number) => http.get<PublicCase>(`/api/v1/public/cases/${id}`);
export const publicPhotoUrl = (caseId: number, fileId: number) =>
  `/api/v1/public/cases/${caseId}/photos/${fileId}`;
