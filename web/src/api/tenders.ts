// The public tender (公开招标): notices, sealed bids, the review panel, scores,
// the award, and the public notices. Money is integer fen.
import { http, type Page } from './http';

export type TenderState = 'draft' | 'published' | 'opened' | 'scored' | 'awarded' | 'cancelled';

export interface Criterion {
  code: string;
  name: string;
  weight: number;
}
export interface TenderReviewer {
  user_id: number;
  name: string;
  declared: boolean;
  conflict: boolean;
  conflict_note: string;
  finished: boolean;
}
export interface TeamMember {
  name: string;
  role?: string;
  qualification?: string;
}
export interface Bid {
  id: number;
  tender_id: number;
  org_id: number;
  org_name: string;
  sealed: boolean;
  eligible: boolean;
  ineligible_reason: string;
  created_at: string;
  price?: number | null;
  team?: TeamMember[];
  file_id?: number | null;
  score?: number | null;
  rank?: number | null;
}
export interface Tender {
  id: number;
  project_id: number;
  project_title?: string;
  region_code: string;
  region_name: string;
  year: number;
  title: string;
  description: string;
  eligibility: string;
  criteria: Criterion[];
  budget: number;
  bid_deadline: string;
  opening_at: string;
  state: TenderState;
  cancel_reason: string;
  published_at: string | null;
  opened_at: string | null;
  awarded_at: string | null;
  award_bid_id?: number | null;
  award_reason?: string;
  contract_id?: number | null;
  bid_count?: number;
  version?: number;
  reviewers?: TenderReviewer[];
  bids?: Bid[];
  award?: { org_name: string; price: number | null; reason: string };
}
export interface TenderInput {
  project_id: number;
  title?: string;
  description?: string;
  eligibility: string;
  criteria: { code?: string; name: string; weight: number }[];
  bid_deadline: string;
  opening_at: string;
}
export interface AwardInput {
  bid_id?: number;
  reason?: string;
  start_on: string;
  end_on: string;
  stable_service?: boolean;
  term_reason?: string;
  milestones: { name: string; amount: number; due_on: string }[];
}

type Q = Record<string, string | number | undefined>;
const url = (id: number, tail = '') => `/api/v1/tenders/${id}${tail}`;

export const listTenders = (q: Q = {}) => http.get<Page<Tender>>('/api/v1/tenders', q);
export const getTender = (id: number) => http.get<Tender>(url(id));
/** Errors are silent so the form can mark the failing field. */
export const createTender = (input: TenderInput) =>
  http.post<Tender>('/api/v1/tenders', input, true);
export const tenderAction = (
  id: number,
  action: 'publish' | 'open' | 'cancel' | 'finish-scoring',
  body?: Record<string, unknown>,
) => http.post<Tender>(url(id, `/${action}`), body);
export const addReviewer = (id: number, userId: number) =>
  http.post<Tender>(url(id, '/reviewers'), { user_id: userId });
export const declare = (id: number, conflict: boolean, note = '') =>
  http.post<Tender>(url(id, '/declaration'), { conflict, note });
export const scoreBid = (id: number, bidId: number, criterion: string, score: number) =>
  http.post<Tender>(url(id, '/scores'), { bid_id: bidId, criterion, score });
export const awardTender = (id: number, input: AwardInput) =>
  http.post<Tender>(url(id, '/award'), input, true);
export const submitBid = (
  id: number,
  input: { org_id: number; price: number; team: TeamMember[]; file_id?: number },
) => http.post<Bid>(url(id, '/bids'), input, true);
export const listPublicTenders = (q: Q = {}) => http.get<Page<Tender>>('/api/v1/public/tenders', q);

/** The actions a state offers to staff. */
export function tenderActions(state: TenderState): string[] {
  switch (state) {
    case 'draft':
      return ['publish', 'cancel'];
    case 'published':
      return ['open', 'cancel'];
    case 'opened':
      return ['cancel'];
    case 'scored':
      return ['award', 'cancel'];
    default:
      return [];
  }
}

/** Whether the criteria weights sum to 100. */
export function weightsComplete(criteria: { weight: number }[]): boolean {
  return criteria.reduce((s, c) => s + (Number(c.weight) || 0), 0) === 100;
}
