// Typed calls for hubs and incubation bases (/api/v1/bases), residency agreements
// (/api/v1/residencies with /transitions and /events) and the incubation timelines
// (/api/v1/bases/{id}/events, /api/v1/orgs/{id}/incubation).
import { http, type Page, type Query } from './http';

export type BaseKind = 'hub' | 'incubation_base';
export type BaseLevel = 'province' | 'city' | 'district' | 'town' | 'village';

/** A hub headquarters or incubation base; empty fields are null. */
export interface Base {
  id: number;
  kind: BaseKind;
  name: string;
  region_code: string;
  region_name: string;
  level: BaseLevel;
  operator_org_id: number | null;
  operator_org_name: string | null;
  contract_no: string | null;
  contract_start: string | null;
  contract_end: string | null;
  contract_file_id: number | null;
  address: string | null;
  area_sqm: number | null;
  rooms: number | null;
  desks: number | null;
  contact_name: string | null;
  office_phone: string | null;
  description: string | null;
  status: 'active' | 'closed';
  /** Agreements currently signed or active. */
  residents: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export type BaseInput = Partial<
  Pick<
    Base,
    | 'kind'
    | 'name'
    | 'region_code'
    | 'operator_org_id'
    | 'contract_no'
    | 'contract_start'
    | 'contract_end'
    | 'contract_file_id'
    | 'address'
    | 'area_sqm'
    | 'rooms'
    | 'desks'
    | 'contact_name'
    | 'office_phone'
    | 'description'
    | 'status'
  >
>;

export const RESIDENCY_STATES = [
  'invited',
  'applied',
  'signed',
  'active',
  'graduated',
  'terminated',
  'expired',
  'declined',
  'withdrawn',
] as const;
export type ResidencyState = (typeof RESIDENCY_STATES)[number];
/** Who acts on an agreement: the base (staff, admins, its operator) or the resident organization. */
export type Side = 'base' | 'resident';

export interface Criterion {
  code: string;
  required: boolean;
  met: boolean;
  note: string | null;
  met_at: string | null;
  met_by_name: string | null;
}

export interface Residency {
  id: number;
  base_id: number;
  base_name: string;
  base_kind: BaseKind;
  operator_org_id: number | null;
  org_id: number;
  org_name: string;
  org_region_code: string;
  region_code: string;
  state: ResidencyState;
  initiated_by: 'base' | 'resident';
  service_content: string | null;
  service_standards: string | null;
  committed_hours: number | null;
  delivered_hours: number;
  event_count: number;
  start_date: string | null;
  end_date: string | null;
  space: string | null;
  document_file_id: number | null;
  note: string | null;
  signed_at: string | null;
  signed_by_name: string | null;
  activated_at: string | null;
  ended_at: string | null;
  end_reason: string | null;
  graduation_override: string | null;
  /** The caller's sides on this agreement. */
  sides: Side[];
  /** Filled by GET /residencies/{id}; lists leave it empty. */
  checklist: Criterion[];
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ResidencyInput {
  base_id?: number;
  org_id?: number;
  state?: 'invited' | 'applied';
  service_content?: string | null;
  service_standards?: string | null;
  committed_hours?: number | null;
  start_date?: string | null;
  end_date?: string | null;
  space?: string | null;
  document_file_id?: number | null;
  note?: string | null;
}

export interface ResidencyPatch extends Omit<ResidencyInput, 'base_id' | 'org_id' | 'state'> {
  version: number;
  checklist?: { code: string; met?: boolean; note?: string | null }[];
}

export interface TransitionInput {
  to: ResidencyState;
  reason?: string;
  override_reason?: string;
  start_date?: string;
  end_date?: string;
  document_file_id?: number;
  version?: number;
}

export const EVENT_KINDS = [
  'consultation',
  'training',
  'mentoring',
  'registration_help',
  'evaluation',
  'incident',
  'service_hours',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface IncubationEvent {
  id: number;
  residency_id: number;
  base_id: number;
  base_name: string;
  org_id: number;
  org_name: string;
  region_code: string;
  kind: EventKind;
  occurred_on: string;
  title: string;
  notes: string | null;
  hours: number;
  attachments: number[];
  recorded_by: number | null;
  recorded_by_name: string;
  created_at: string;
}

export interface EventInput {
  kind: EventKind;
  occurred_on: string;
  title: string;
  notes?: string;
  hours?: number;
  attachments?: number[];
}

export interface BaseQuery {
  q?: string;
  region?: string;
  kind?: BaseKind | '';
  applicable?: boolean;
  page?: number;
  size?: number;
}

export interface ResidencyQuery {
  q?: string;
  region?: string;
  state?: ResidencyState | '';
  base_id?: number;
  org_id?: number;
  expiring_days?: number;
  page?: number;
  size?: number;
}

export function listBases(q: BaseQuery = {}): Promise<Page<Base>> {
  return http.get('/api/v1/bases', q as Query);
}
export function getBase(id: number): Promise<Base> {
  return http.get(`/api/v1/bases/${id}`);
}
export function createBase(input: BaseInput): Promise<Base> {
  return http.post('/api/v1/bases', input);
}
export function updateBase(id: number, patch: BaseInput & { version: number }): Promise<Base> {
  return http.patch(`/api/v1/bases/${id}`, patch);
}
export function baseResidents(
  id: number,
  q: { state?: string; page?: number; size?: number } = {},
): Promise<Page<Residency>> {
  return http.get(`/api/v1/bases/${id}/residents`, q);
}
export function baseEvents(
  id: number,
  q: { page?: number; size?: number } = {},
): Promise<Page<IncubationEvent>> {
  return http.get(`/api/v1/bases/${id}/events`, q);
}
export function orgIncubation(
  orgId: number,
  q: { page?: number; size?: number } = {},
): Promise<Page<IncubationEvent>> {
  return http.get(`/api/v1/orgs/${orgId}/incubation`, q);
}

export function listResidencies(q: ResidencyQuery = {}): Promise<Page<Residency>> {
  return http.get('/api/v1/residencies', q as Query);
}
export function getResidency(id: number): Promise<Residency> {
  return http.get(`/api/v1/residencies/${id}`);
}
export function createResidency(input: ResidencyInput): Promise<Residency> {
  return http.post('/api/v1/residencies', input);
}
export function updateResidency(id: number, patch: ResidencyPatch): Promise<Residency> {
  return http.patch(`/api/v1/residencies/${id}`, patch);
}
export function transitionResidency(id: number, input: TransitionInput): Promise<Residency> {
  return http.post(`/api/v1/residencies/${id}/transitions`, input);
}
export function residencyEvents(
  id: number,
  q: { page?: number; size?: number } = {},
): Promise<Page<IncubationEvent>> {
  return http.get(`/api/v1/residencies/${id}/events`, q);
}
export function addResidencyEvent(id: number, input: EventInput): Promise<IncubationEvent> {
  return http.post(`/api/v1/residencies/${id}/events`, input);
}
