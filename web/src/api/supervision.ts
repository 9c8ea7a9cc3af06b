// Supervision (妇联监督): progress reports, payment tranches, site inspections and
// risk flags. Money is integer fen.
import { http, type Page } from './http';

type Q = Record<string, string | number | undefined>;

export type ReportState = 'draft' | 'submitted' | 'returned' | 'resubmitted' | 'approved';
export type TrancheState = 'requested' | 'approved' | 'released' | 'rejected' | 'cancelled';

export interface ReportBeneficiaries {
  total: number;
  female: number;
  male: number;
  children: number;
  adults: number;
  seniors: number;
  regions?: { region_code: string; count: number }[];
}
export interface Activity {
  name: string;
  held_on?: string;
  participants?: number;
}
export interface SpendingLine {
  line: string;
  amount: number;
}
export interface ProgressReport {
  id: number;
  project_id: number;
  project_title: string;
  contract_id: number;
  milestone_id: number;
  milestone_name: string;
  org_id: number;
  org_name: string;
  region_code: string;
  period_end: string;
  narrative: string;
  activities: Activity[];
  beneficiaries: ReportBeneficiaries;
  spending: SpendingLine[];
  spending_total: number;
  file_ids: number[];
  state: ReportState;
  return_reason: string;
  decided_by_name: string;
  version: number;
  updated_at: string;
}
export interface ReportInput {
  project_id?: number;
  milestone_id?: number;
  period_end?: string;
  narrative?: string;
  activities?: Activity[];
  beneficiaries?: ReportBeneficiaries;
  spending?: SpendingLine[];
  file_ids?: number[];
}
export interface Tranche {
  id: number;
  project_id: number;
  project_title: string;
  contract_id: number;
  provider_name: string;
  milestone_id: number;
  milestone_name: string;
  report_id: number;
  amount: number;
  state: TrancheState;
  note: string;
  reason: string;
  requested_by: number | null;
  requested_by_name: string;
  approved_by: number | null;
  approved_by_name: string;
  released_by_name: string;
  paid_on: string | null;
  payment_id: number | null;
}
export interface Finding {
  id: number;
  seq: number;
  description: string;
  rectify_by: string;
  state: 'open' | 'responded' | 'closed' | 'reopened';
  response: string;
  note: string;
  closed_by_name: string;
}
export interface Inspection {
  id: number;
  project_id: number;
  project_title: string;
  org_id: number | null;
  region_code: string;
  inspected_on: string;
  inspectors: string[];
  summary: string;
  state: 'open' | 'closed';
  findings: Finding[];
}
export interface Risk {
  kind: 'late_report' | 'overspend' | 'low_delivery';
  project_id: number;
  project_title: string;
  region_code: string;
  milestone_id: number | null;
  line: string;
  expected: number;
  actual: number;
  detail_zh: string;
  detail_en: string;
}

export const listReports = (q: Q = {}) =>
  http.get<Page<ProgressReport>>('/api/v1/progress-reports', q);
export const listProjectReports = (projectId: number, q: Q = {}) =>
  http.get<Page<ProgressReport>>(`/api/v1/projects/${projectId}/progress-reports`, q);
export const getReport = (id: number) => http.get<ProgressReport>(`/api/v1/progress-reports/${id}`);
export const createReport = (input: ReportInput) =>
  http.post<ProgressReport>('/api/v1/progress-reports', input);
export const updateReport = (id: number, patch: ReportInput & { version: number }) =>
  http.patch<ProgressReport>(`/api/v1/progress-reports/${id}`, patch);
export const reportAction = (
  id: number,
  action: 'submit' | 'approve' | 'return',
  reason?: string,
) =>
  http.post<ProgressReport>(
    `/api/v1/progress-reports/${id}/${action}`,
    reason !== undefined ? { reason } : undefined,
  );

export const listTranches = (q: Q = {}) => http.get<Page<Tranche>>('/api/v1/tranches', q);
export const requestTranche = (input: { report_id: number; amount?: number; note?: string }) =>
  http.post<Tranche>('/api/v1/tranches', input);
export const trancheAction = (
  id: number,
  action: 'approve' | 'reject' | 'release' | 'cancel',
  body?: Record<string, unknown>,
) => http.post<Tranche>(`/api/v1/tranches/${id}/${action}`, body);

export const listInspections = (q: Q = {}) => http.get<Page<Inspection>>('/api/v1/inspections', q);
export const createInspection = (input: {
  project_id: number;
  inspected_on: string;
  inspectors: string[];
  summary?: string;
  findings: { description: string; rectify_by: string }[];
}) => http.post<Inspection>('/api/v1/inspections', input);
export const findingAction = (
  inspectionId: number,
  findingId: number,
  action: 'respond' | 'close' | 'reopen',
  body?: Record<string, unknown>,
) =>
  http.post<Inspection>(
    `/api/v1/inspections/${inspectionId}/findings/${findingId}/${action}`,
    body,
  );

export const listRisks = (q: Q = {}) =>
  http.get<{ items: Risk[]; total: number }>('/api/v1/risks', q);

/** Whether a report's gender and age figures add up to its total (the server checks too). */
export function figuresConsistent(b: ReportBeneficiaries): { gender: boolean; age: boolean } {
  return {
    gender: b.female + b.male === b.total,
    age: b.children + b.adults + b.seniors === b.total,
  };
}
