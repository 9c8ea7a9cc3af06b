// Needs surveys (需求调查): questionnaires, responses, results and the .xlsx export.
import { http, type Page } from './http';

export type QuestionKind = 'single' | 'multi' | 'scale' | 'text';
export type SurveyState = 'draft' | 'scheduled' | 'open' | 'closed';

export interface Question {
  id?: string;
  kind: QuestionKind;
  title: string;
  required: boolean;
  options?: string[];
  min?: number;
  max?: number;
  min_label?: string;
  max_label?: string;
  max_length?: number;
}

export interface SurveyTarget {
  kinds: string[];
  statuses: string[];
  domains: string[];
  region?: string | null;
  org_ids: number[];
}

export interface Survey {
  id: number;
  title: string;
  description: string;
  region_code: string;
  region_name: string;
  state: SurveyState;
  questions: Question[];
  opens_at: string | null;
  closes_at: string | null;
  opened_at: string | null;
  closed_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  /** Staff only. */
  target?: SurveyTarget;
  created_by_name?: string;
  target_count?: number;
  response_count?: number;
  /** Org accounts only: their organization has answered. */
  responded?: boolean;
}

export interface SurveyInput {
  title?: string;
  description?: string;
  region_code?: string;
  questions?: Question[];
  target?: SurveyTarget;
  opens_at?: string | null;
  closes_at?: string | null;
}

/** Answers by question id: option text, list of options, scale number or text. */
export type Answer = string | string[] | number | null;
export type Answers = Record<string, Answer>;

export interface SurveyResponse {
  id: number;
  survey_id: number;
  org_id: number;
  org_name: string;
  region_code: string;
  answers: Answers;
  submitted_by_name: string;
  submitted_at: string;
  updated_at: string;
  revision: number;
}

export interface QuestionResult {
  id: string;
  kind: QuestionKind;
  title: string;
  required: boolean;
  answered: number;
  options?: { option: string; count: number }[];
  min?: number;
  max?: number;
  min_label?: string;
  max_label?: string;
  distribution?: { value: number; count: number }[];
  mean?: number | null;
  texts?: { org_id: number; org_name: string; text: string }[];
}

export interface RegionRate {
  region_code: string;
  region_name: string;
  targets: number;
  responses: number;
  rate: number;
}

export interface SurveyResults {
  survey_id: number;
  title: string;
  state: SurveyState;
  targets: number;
  responses: number;
  rate: number;
  regions: RegionRate[];
  questions: QuestionResult[];
}

export interface SurveyQuery {
  state?: string;
  q?: string;
  page?: number;
  size?: number;
}

export function listSurveys(q: SurveyQuery = {}): Promise<Page<Survey>> {
  return http.get<Page<Survey>>('/api/v1/surveys', { ...q });
}

export function getSurvey(id: number): Promise<Survey> {
  return http.get<Survey>(`/api/v1/surveys/${id}`);
}

/** Creates a draft; errors are silent so the builder can mark the failing field. */
export function createSurvey(input: SurveyInput): Promise<Survey> {
  return http.post<Survey>('/api/v1/surveys', input, true);
}

/** Changes the given fields (questions and target only in draft); 409 when `version` is stale. */
export function updateSurvey(id: number, patch: SurveyInput & { version: number }) {
  return http.patch<Survey>(`/api/v1/surveys/${id}`, patch, true);
}

export function openSurvey(id: number): Promise<Survey> {
  return http.post<Survey>(`/api/v1/surveys/${id}/open`);
}

export function closeSurvey(id: number): Promise<Survey> {
  return http.post<Survey>(`/api/v1/surveys/${id}/close`);
}

/** How many organizations a target filter selects, with up to 10 names. */
export function previewTargets(region_code: string | undefined, target: SurveyTarget) {
  return http.post<{ count: number; sample: string[] }>(
    '/api/v1/surveys/target-preview',
    { region_code, target },
    true,
  );
}

/** Submits (or replaces) the caller's organization's answers; errors are silent. */
export function submitAnswers(id: number, answers: Answers): Promise<SurveyResponse> {
  return http.post<SurveyResponse>(`/api/v1/surveys/${id}/responses`, { answers }, true);
}

export function listResponses(id: number, page = 1, size = 200): Promise<Page<SurveyResponse>> {
  return http.get<Page<SurveyResponse>>(`/api/v1/surveys/${id}/responses`, { page, size });
}

export function surveyResults(id: number): Promise<SurveyResults> {
  return http.get<SurveyResults>(`/api/v1/surveys/${id}/results`);
}

/** The export as a plain link (the session cookie goes along). */
export function surveyExportUrl(id: number, part: 'answers' | 'results' = 'answers'): string {
  return `/api/v1/surveys/${id}/export.xlsx?part=${part}`;
}
