// Typed calls for trainings, field visits and study trips: /api/v1/trainings (list, plan,
// read, change, open/close/hold/cancel), enrolments with their actions (cancel, check-in,
// absent, feedback), the quarter coverage of a year and an organization's record.
import { http, type Page, type Query } from './http';

export type TrainingKind = 'thematic' | 'field_visit' | 'study_trip';
export type TrainingState = 'planned' | 'open' | 'closed' | 'held' | 'cancelled';
export type EnrolmentState = 'enrolled' | 'waitlisted' | 'cancelled' | 'attended' | 'absent';
export type TrainingMove = 'open' | 'close' | 'hold' | 'cancel';
export type EnrolmentAction = 'cancel' | 'check-in' | 'absent' | 'feedback';

export interface EnrolmentCounts {
  enrolled: number;
  waitlisted: number;
  attended: number;
  absent: number;
  cancelled: number;
}

export interface Training {
  id: number;
  kind: TrainingKind;
  title: string;
  topic: string;
  region_code: string;
  region_name: string;
  starts_at: string;
  ends_at: string;
  place: string;
  hours: number;
  state: TrainingState;
  cancel_reason: string;
  material_ids: number[];
  version: number;
  created_at: string;
  updated_at: string;
  /** Staff view. */
  capacity?: number | null;
  counts?: EnrolmentCounts & { feedback: number };
  feedback_avg?: number;
  /** Org view: seats left (null = unlimited), own state and own counts. */
  seats_left?: number | null;
  my_state?: EnrolmentState | null;
  my_counts?: EnrolmentCounts;
}

export interface Enrolment {
  id: number;
  training_id: number;
  org_id: number;
  org_name: string;
  name: string;
  position: string;
  /** Masked like 138****5678. */
  phone: string | null;
  state: EnrolmentState;
  seq: number;
  feedback_score: number | null;
  feedback_comment: string;
  checked_in_at: string | null;
  version: number;
  created_at: string;
}

export interface TrainingInput {
  kind?: TrainingKind;
  title?: string;
  topic?: string;
  region_code?: string;
  starts_at?: string;
  ends_at?: string;
  place?: string;
  capacity?: number | null;
  hours?: number;
  material_ids?: number[];
}

export interface Quarter {
  quarter: number;
  covered: boolean;
  held: { id: number; title: string; starts_at: string; region_code: string }[];
  planned: { id: number; title: string; state: string; starts_at: string; region_code: string }[];
}

export interface QuarterCoverage {
  year: number;
  region: string;
  quarters: Quarter[];
  covered: number;
  all_covered: boolean;
}

export interface TrainingRecord {
  org_id: number;
  org_name: string;
  items: { training: Training; enrolment: Enrolment; hours: number }[];
  total: number;
  summary: { trainings_attended: number; people_attended: number; hours: number };
}

const base = '/api/v1/trainings';
const url = (id: number, tail = '') => `${base}/${id}${tail}`;

export const listTrainings = (q: Query) => http.get<Page<Training>>(base, q);
export const getTraining = (id: number) => http.get<Training>(url(id));
export const createTraining = (body: TrainingInput) => http.post<Training>(base, body);
export const updateTraining = (id: number, version: number, body: TrainingInput) =>
  http.patch<Training>(url(id), { ...body, version });
export const moveTraining = (id: number, move: TrainingMove, reason = '') =>
  http.post<Training>(url(id, `/${move}`), reason ? { reason } : {});
export const listEnrolments = (id: number) =>
  http.get<{ items: Enrolment[]; total: number }>(url(id, '/enrolments'));
export const enrol = (
  id: number,
  body: { org_id?: number; name: string; position?: string; phone?: string },
) => http.post<Enrolment>(url(id, '/enrolments'), body);
export const actOnEnrolment = (
  id: number,
  eid: number,
  action: EnrolmentAction,
  body: { score?: number; comment?: string } = {},
) => http.post<Enrolment>(url(id, `/enrolments/${eid}/${action}`), body);
export const quarterCoverage = (year: number, region?: string) =>
  http.get<QuarterCoverage>(`${base}/quarters`, { year, region });
export const trainingRecord = (orgId?: number) =>
  http.get<TrainingRecord>(`${base}/record`, { org_id: orgId });
