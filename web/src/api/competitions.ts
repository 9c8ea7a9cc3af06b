// Venture-philanthropy competitions (公益创投): competitions and their phases,
// applications, the expert panel's scores, results with adjustments and
// publication, and figures. Money is integer fen; times are RFC 3339.
import { http, type Page } from './http';

export type CompetitionState = 'draft' | 'open' | 'results' | 'closed' | 'cancelled';
export type Phase =
  | 'draft'
  | 'upcoming'
  | 'applying'
  | 'qualifying'
  | 'scoring'
  | 'voting'
  | 'counting'
  | 'results'
  | 'closed'
  | 'cancelled';

export interface Criterion {
  code: string;
  name: string;
  weight: number;
}
export interface Eligibility {
  kinds: string[];
  regions: string[];
  min_grade: string | null;
  exclude_abnormal: boolean;
}
export interface Competition {
  id: number;
  region_code: string;
  region_name: string;
  name: string;
  series: string;
  phase_no: number;
  year: number;
  kind: string;
  description: string;
  pool_fen: number;
  budget_pool_id: number | null;
  eligibility: Eligibility;
  matching_ratio_pct: number;
  expert_weight_pct: number;
  vote_weight_pct: number;
  award_rule: { cutoff: 'skip' | 'stop'; region_quotas: Record<string, number> };
  criteria: Criterion[];
  vote_rules: { max_entries_per_day: number; per_entry_per_day: number };
  counts_hidden: boolean;
  apply_opens_at: string;
  apply_closes_at: string;
  qualify_closes_at: string;
  scoring_closes_at: string;
  voting_opens_at: string;
  voting_closes_at: string;
  results_at: string;
  state: CompetitionState;
  phase: Phase;
  rules_frozen: boolean;
  reviewers: { user_id: number; name: string }[];
  application_count: number;
  version: number;
}
export interface BudgetLine {
  name: string;
  amount: number;
}
export interface Application {
  id: number;
  competition_id: number;
  org_id: number;
  org_name: string;
  region_code: string;
  region_name: string;
  entry_no: number | null;
  title: string;
  summary: string;
  plan: string;
  budget_lines: BudgetLine[];
  requested_fen: number;
  matching_fen: number;
  file_ids: number[];
  state: string;
  qualification_reason: string;
  awarded_fen: number;
  project_id: number | null;
  version: number;
}
export interface ScoreRow {
  application_id: number;
  entry_no: number;
  title: string;
  reviewer_id: number;
  reviewer_name: string;
  scores: Record<string, number>;
  weighted: number;
}
export interface ResultEntry {
  application_id: number;
  entry_no: number;
  title: string;
  org_name: string;
  region_code: string;
  requested_fen: number;
  awarded_fen: number;
  expert_score: number;
  total_score: number;
  rank: number;
  funded: boolean;
  adjusted: boolean;
  note: string;
  votes_online?: number | null;
  votes_paper?: number | null;
  votes_total?: number | null;
}
export interface Adjustment {
  id: number;
  application_id: number;
  new_rank: number | null;
  new_awarded_fen: number | null;
  reason: string;
  state: 'pending' | 'approved' | 'rejected';
  proposed_by: number | null;
  proposed_by_name: string;
  decided_by_name: string;
}
export interface Results {
  competition_id: number;
  pool_fen: number;
  awarded_fen: number;
  counts_hidden: boolean;
  published: boolean;
  rule: string;
  entries: ResultEntry[];
  adjustments: Adjustment[];
}
export interface Figures {
  applications: number;
  applicant_orgs: number;
  qualified: number;
  funded_entries: number;
  funded_orgs: number;
  requested_fen: number;
  awarded_fen: number;
  pool_fen: number;
  counts_hidden: boolean;
  votes: { online: number; paper: number; voided: number } | null;
  by_region: {
    region_code: string;
    region_name: string;
    applications: number;
    qualified: number;
    funded: number;
    awarded_fen: number;
  }[];
}

/** A recorded amendment: before/after are the stored rules (times in epoch seconds). */
export interface Amendment {
  id: number;
  reason: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  amended_by_name: string;
  created_at: string;
}
export interface FigureCounts {
  applications: number;
  applicant_orgs: number;
  qualified: number;
  funded_entries: number;
  funded_orgs: number;
  requested_fen: number;
  awarded_fen: number;
}
export type Votes = { online: number; paper: number; voided: number };
/** GET /api/v1/competitions/figures: totals, per competition and per child region. */
export interface CitywideFigures extends FigureCounts {
  region_code: string;
  year: number | null;
  competitions: number;
  pool_fen: number;
  votes: Votes;
  counts_hidden_competitions: number;
  by_competition: (FigureCounts & {
    id: number;
    name: string;
    year: number;
    region_code: string;
    phase: Phase;
    pool_fen: number;
    counts_hidden: boolean;
    votes: Votes | null;
  })[];
  by_region: (FigureCounts & { region_code: string; region_name: string })[];
}

type Q = Record<string, string | number | undefined>;
const url = (id: number, tail = '') => `/api/v1/competitions/${id}${tail}`;
type Items<T> = { items: T[]; total: number };

export const listCompetitions = (q: Q = {}) =>
  http.get<Page<Competition>>('/api/v1/competitions', q);
export const getCompetition = (id: number) => http.get<Competition>(url(id));
/** Errors are silent so the form can mark the failing field. */
export const createCompetition = (input: Record<string, unknown>) =>
  http.post<Competition>('/api/v1/competitions', input, true);
/** PATCH before the rules freeze; silent so the form can mark the failing field. */
export const updateCompetition = (id: number, version: number, changes: Record<string, unknown>) =>
  http.patch<Competition>(url(id), { version, ...changes }, true);
/** After the freeze: the changed rules with the reason (audited, recorded). */
export const amendCompetition = (
  id: number,
  version: number,
  reason: string,
  changes: Record<string, unknown>,
) => http.post<Competition>(url(id, '/amendments'), { version, reason, ...changes }, true);
export const listAmendments = (id: number) =>
  http.get<{ items: Amendment[] }>(url(id, '/amendments'));
export const getCitywideFigures = (q: { year?: number; region?: string } = {}) =>
  http.get<CitywideFigures>('/api/v1/competitions/figures', q);
export const competitionAction = (id: number, action: 'open' | 'cancel', body?: object) =>
  http.post<Competition>(url(id, `/${action}`), body);
export const addReviewer = (id: number, userId: number) =>
  http.post<Competition>(url(id, '/reviewers'), { user_id: userId });
export const listApplications = (id: number) =>
  http.get<Items<Application>>(url(id, '/applications'));
export const createApplication = (id: number, input: Record<string, unknown>) =>
  http.post<Application>(url(id, '/applications'), input, true);
export const updateApplication = (id: number, app: number, input: Record<string, unknown>) =>
  http.patch<Application>(url(id, `/applications/${app}`), input, true);
export const applicationAction = (
  id: number,
  app: number,
  action: 'submit' | 'withdraw' | 'qualify' | 'reject',
  body?: object,
) => http.post<Application>(url(id, `/applications/${app}/${action}`), body, true);
export const listScores = (id: number) => http.get<Items<ScoreRow>>(url(id, '/scores'));
export const scoreEntry = (id: number, app: number, scores: Record<string, number>) =>
  http.post<Items<ScoreRow>>(url(id, '/scores'), { application_id: app, scores }, true);
export const recuse = (id: number, app: number, reason: string) =>
  http.post<Items<ScoreRow>>(url(id, '/recusals'), { application_id: app, reason }, true);
export const getResults = (id: number) => http.get<Results>(url(id, '/results'));
export const proposeAdjustment = (id: number, input: Record<string, unknown>) =>
  http.post<Adjustment>(url(id, '/results/adjustments'), input, true);
export const decideAdjustment = (id: number, adj: number, approve: boolean) =>
  http.post<Adjustment>(
    url(id, `/results/adjustments/${adj}/${approve ? 'approve' : 'reject'}`),
    undefined,
    true,
  );
export const publishResults = (id: number) => http.post<Results>(url(id, '/results/publish'));
export const getFigures = (id: number) => http.get<Figures>(url(id, '/figures'));

/** The budget lines' sum in fen. */
export function linesTotal(lines: { amount: number }[]): number {
  return lines.reduce((s, l) => s + (Number(l.amount) || 0), 0);
}
