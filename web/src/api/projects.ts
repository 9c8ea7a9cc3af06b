// The project cycle: projects (design → budget → commission), budget pools,
// contracts with payments, and incomes (造血). Money is integer fen.
import { http, type Page } from './http';

export type ProjectState =
  'draft' | 'submitted' | 'returned' | 'approved' | 'in_progress' | 'closed' | 'cancelled';

export interface BudgetLine {
  name: string;
  amount: number;
}
export interface Indicator {
  name: string;
  target: string;
  unit: string;
}
export interface Beneficiaries {
  total?: number;
  women?: number;
  men?: number;
}

export interface Project {
  id: number;
  title: string;
  department: string;
  year: number;
  region_code: string;
  region_name: string;
  objectives: string;
  target_groups: string[];
  beneficiaries: Beneficiaries;
  indicators: Indicator[];
  budget_lines: BudgetLine[];
  budget_total: number;
  duration_months: number;
  org_ids: number[];
  survey_id: number | null;
  channel: 'tender' | 'direct' | 'competition' | null;
  state: ProjectState;
  pool_id: number | null;
  funding_source: string | null;
  committed: number;
  contract_id: number | null;
  note: string;
  created_by_name: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ProjectInput {
  title?: string;
  department?: string;
  year?: number;
  region_code?: string;
  objectives?: string;
  target_groups?: string[];
  beneficiaries?: Beneficiaries;
  indicators?: Indicator[];
  budget_lines?: BudgetLine[];
  duration_months?: number;
  org_ids?: number[];
  survey_id?: number | null;
}

export interface Pool {
  id: number;
  year: number;
  source: string;
  region_code: string;
  region_name: string;
  name: string;
  planned: number;
  committed: number;
  disbursed: number;
  remaining: number;
  version: number;
}

export interface Figures {
  key?: string;
  name?: string;
  planned: number;
  committed: number;
  disbursed: number;
  remaining: number;
}
export interface PoolSummary {
  region_code: string;
  year: number | null;
  total: Figures;
  by_source: Figures[];
  by_region: Figures[];
}

export interface Milestone {
  id: number;
  seq: number;
  name: string;
  amount: number;
  due_on: string;
  paid: number;
}
export interface Payment {
  id: number;
  milestone_id: number;
  amount: number;
  paid_on: string;
  note: string;
  recorded_by_name: string;
  approved_by_name: string;
}
export interface Contract {
  id: number;
  project_id: number;
  project_title: string;
  channel: string;
  reason: string;
  region_code: string;
  provider_org_id: number;
  provider_name: string;
  purchaser_name: string;
  start_on: string;
  end_on: string;
  stable_service: boolean;
  term_reason: string;
  price: number;
  paid: number;
  milestones?: Milestone[];
  payments?: Payment[];
}

export interface CommissionInput {
  reason: string;
  provider_org_id: number;
  start_on: string;
  end_on: string;
  price: number;
  milestones: { name: string; amount: number; due_on: string }[];
  stable_service?: boolean;
  term_reason?: string;
  purchaser_name?: string;
}

export interface Income {
  id: number;
  org_id: number;
  org_name: string;
  region_code: string;
  received_on: string;
  year: number;
  amount: number;
  source: string;
  contract_id: number | null;
  payment_id: number | null;
  note: string;
}

export interface IncomeSummary {
  total: number;
  government: number;
  non_government: number;
  non_government_share: number;
  by_source: { source: string; amount: number }[];
  by_org: {
    org_id: number;
    org_name: string;
    total: number;
    non_government: number;
    non_government_share: number;
  }[];
}

export const FUNDING_SOURCES = [
  'fiscal_budget',
  'welfare_lottery',
  'livelihood',
  'provincial_federation',
  'donations',
  'other',
] as const;
export const INCOME_SOURCES = [
  'government_purchase',
  'venture_philanthropy',
  'foundation',
  'donations',
  'service_fees',
  'other',
] as const;

type Q = Record<string, string | number | undefined>;

export const listProjects = (q: Q = {}) => http.get<Page<Project>>('/api/v1/projects', q);
export const getProject = (id: number) => http.get<Project>(`/api/v1/projects/${id}`);
/** Errors are silent so the form can mark the failing field. */
export const createProject = (input: ProjectInput) =>
  http.post<Project>('/api/v1/projects', input, true);
export const updateProject = (id: number, patch: ProjectInput & { version: number }) =>
  http.patch<Project>(`/api/v1/projects/${id}`, patch, true);
export const projectAction = (
  id: number,
  action: 'submit' | 'approve' | 'return' | 'cancel' | 'close',
  body?: Record<string, unknown>,
) => http.post<Project>(`/api/v1/projects/${id}/${action}`, body);
export const commissionProject = (id: number, input: CommissionInput) =>
  http.post<Contract>(`/api/v1/projects/${id}/commission`, input, true);

export const listPools = (q: Q = {}) => http.get<Page<Pool>>('/api/v1/budget-pools', q);
export const createPool = (input: {
  year: number;
  source: string;
  region_code?: string;
  name?: string;
  planned: number;
}) => http.post<Pool>('/api/v1/budget-pools', input, true);
export const poolSummary = (q: Q = {}) => http.get<PoolSummary>('/api/v1/budget-pools/summary', q);

export const listContracts = (q: Q = {}) => http.get<Page<Contract>>('/api/v1/contracts', q);
export const getContract = (id: number) => http.get<Contract>(`/api/v1/contracts/${id}`);

export const listIncomes = (q: Q = {}) => http.get<Page<Income>>('/api/v1/incomes', q);
export const incomeSummary = (q: Q = {}) => http.get<IncomeSummary>('/api/v1/incomes/summary', q);
