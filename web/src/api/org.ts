// Typed calls for the organization base: /api/v1/orgs (list, read, create, edit, history),
// /api/v1/orgs/{id}/change-requests and /api/v1/change-requests (key-field changes proposed
// by org accounts and decided by staff), /api/v1/stats/orgs (dashboard counts, trend, figures
// export), /api/v1/orgs/import (spreadsheet import), /api/v1/orgs/export.xlsx and
// /api/v1/public/orgs (public directory).
import { http, request, type Page, type Query } from './http';

/** An organization as the API sends it; empty fields are null. */
export interface Org {
  id: number;
  name: string;
  kind: string;
  uscc: string | null;
  region_code: string;
  /** Filled by GET /orgs/{id}; the list answer leaves it empty. */
  region_name: string;
  status: string;
  registration_authority: string | null;
  registered_on: string | null;
  supervising_unit: string | null;
  founded_on: string | null;
  origin: string | null;
  domains: string[];
  members: number | null;
  staff: number | null;
  volunteers: number | null;
  address: string | null;
  contact_name: string | null;
  /** Masked like 139****7798 unless read with unmask=contact_phone. */
  contact_phone: string | null;
  website: string | null;
  wechat: string | null;
  grade: string | null;
  grade_valid_until: string | null;
  guidance_category: string | null;
  tags: string[];
  guidance_notes: string | null;
  cadre_user_id: number | null;
  department: string | null;
  published: boolean | null;
  public_contact: string | null;
  /** Derived from the kind's dictionary entry. */
  registered: boolean;
  /** Affiliation level 1..5, derived from the region. */
  level: number;
  version: number;
  created_at: string;
  updated_at: string;
}

/** GET /orgs/{id} adds the USCC plausibility warnings and whether the phone is masked. */
export interface OrgDetail extends Org {
  warnings: string[];
  contact_phone_masked: boolean;
}

/** The fields a client may set (everything but id, version and the derived ones). */
export const ORG_INPUT_FIELDS = [
  'name',
  'kind',
  'uscc',
  'region_code',
  'status',
  'registration_authority',
  'registered_on',
  'supervising_unit',
  'founded_on',
  'origin',
  'domains',
  'members',
  'staff',
  'volunteers',
  'address',
  'contact_name',
  'contact_phone',
  'website',
  'wechat',
  'grade',
  'grade_valid_until',
  'guidance_category',
  'tags',
  'guidance_notes',
  'cadre_user_id',
  'department',
  'published',
  'public_contact',
] as const;
export type OrgField = (typeof ORG_INPUT_FIELDS)[number];

/** Fields an org account may change on its own organization (the server enforces this). */
export const ORG_SELF_EDITABLE: readonly OrgField[] = [
  'domains',
  'members',
  'staff',
  'volunteers',
  'address',
  'contact_name',
  'contact_phone',
  'website',
  'wechat',
  'published',
  'public_contact',
];

export type OrgInput = { [K in OrgField]?: Org[K] };
export type OrgPatch = OrgInput & { version: number };

export const ORG_SORTS = [
  'name',
  '-name',
  'founded_on',
  '-founded_on',
  'registered_on',
  '-registered_on',
  'updated_at',
  '-updated_at',
  'region_code',
] as const;
export type OrgSort = (typeof ORG_SORTS)[number];

export interface OrgQuery {
  region?: string;
  q?: string;
  kind?: string;
  status?: string;
  domain?: string;
  /** Sent as registered=true|false; '' or undefined means both. */
  registered?: boolean | '' | null;
  guidance_category?: string;
  origin?: string;
  cadre_user_id?: number | null;
  founded_from?: string;
  founded_to?: string;
  registered_from?: string;
  registered_to?: string;
  sort?: OrgSort | '';
  page?: number;
  size?: number;
}

/** The query parameters of GET /orgs: empty values are dropped, booleans spelled true/false. */
export function orgQuery(q: OrgQuery): Query {
  const out: Query = {};
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '') continue;
    out[k] = typeof v === 'boolean' ? (v ? 'true' : 'false') : v;
  }
  return out;
}

export function listOrgs(q: OrgQuery): Promise<Page<Org>> {
  return http.get<Page<Org>>('/api/v1/orgs', orgQuery(q));
}

/**
 * One organization; `unmask` asks for the full phone number (staff/admin only, audited).
 * `silent` for look-ups whose failure the page can live with (no toast).
 */
export function getOrg(id: number, unmask = false, silent = false): Promise<OrgDetail> {
  return http.get<OrgDetail>(
    `/api/v1/orgs/${id}`,
    unmask ? { unmask: 'contact_phone' } : undefined,
    silent,
  );
}

/** Creates an organization; errors are silent so the dialog can mark the failing field. */
export function createOrg(input: OrgInput): Promise<OrgDetail> {
  return http.post<OrgDetail>('/api/v1/orgs', input, true);
}

/** Changes the given fields; 409 conflict when `version` is stale. Errors are silent. */
export function updateOrg(id: number, patch: OrgPatch): Promise<OrgDetail> {
  return http.patch<OrgDetail>(`/api/v1/orgs/${id}`, patch, true);
}

export type ChangeKind = 'create' | 'update' | 'register' | 'request' | 'review_overdue';

/** One changed field; values are the stored text (dictionary codes, "1"/"0", comma lists). */
export interface OrgHistoryEntry {
  at: string;
  actor_id?: number | null;
  actor_name: string;
  change_kind: ChangeKind;
  field: string;
  old_value: string;
  new_value: string;
}

export async function orgHistory(id: number): Promise<OrgHistoryEntry[]> {
  const res = await http.get<{ items: OrgHistoryEntry[] }>(`/api/v1/orgs/${id}/history`);
  return res.items;
}

export interface OrgCount {
  region_code: string;
  region_name: string;
  total: number;
  registered: number;
  unregistered: number;
  by_kind: Record<string, number>;
  by_status: Record<string, number>;
  /** Organizations per service domain (one organization counts once in each of its domains). */
  by_domain: Record<string, number>;
}

export interface OrgStats {
  region: OrgCount;
  children: OrgCount[];
}

/** Counts for a region (default: the caller's) and each of its children. */
export function orgStats(region?: string): Promise<OrgStats> {
  return http.get<OrgStats>('/api/v1/stats/orgs', { region });
}

/** Organizations per year; `year` is the four-digit year as text. */
export interface YearCount {
  year: string;
  n: number;
}

export interface OrgTrend {
  founded: YearCount[];
  registered: YearCount[];
}

/** Organizations by founding year and by registration year in a region's subtree. */
export function orgTrend(region?: string): Promise<OrgTrend> {
  return http.get<OrgTrend>('/api/v1/stats/orgs/trend', { region });
}

/**
 * The address of the dashboard figures as .xlsx, for a plain link (the session cookie goes
 * along with the download; no fetch needed).
 */
export function statsExportUrl(region?: string): string {
  const base = '/api/v1/stats/orgs/export.xlsx';
  return region ? `${base}?region=${encodeURIComponent(region)}` : base;
}

/** The import template (.xlsx), for a plain link (admin/staff). */
export const ORG_IMPORT_TEMPLATE_URL = '/api/v1/orgs/import-template.xlsx';

/** The address of the filtered list as .xlsx (paging left out: all matching rows), for a link. */
export function orgExportUrl(q: OrgQuery): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(orgQuery({ ...q, page: undefined, size: undefined }))) {
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `/api/v1/orgs/export.xlsx?${qs}` : '/api/v1/orgs/export.xlsx';
}

/** One problem of an imported row; `row` counts the header as row 1, `column` names the cell. */
export interface OrgImportIssue {
  row: number;
  column: string;
  field: string;
  message: string;
}

/** The answer of an import: on a dry run `created`/`updated` are what a real run would do. */
export interface OrgImportResult {
  dry_run: boolean;
  rows: number;
  valid: number;
  created: number;
  updated: number;
  issues: OrgImportIssue[];
}

/**
 * Posts a .xlsx or UTF-8 .csv as multipart/form-data (field `file`). A dry run writes nothing;
 * a real run writes the good rows. An unreadable file is a 422 with field `file`. Errors are
 * silent so the dialog can show them.
 */
export function importOrgs(
  file: Blob,
  dryRun: boolean,
  filename?: string,
): Promise<OrgImportResult> {
  const form = new FormData();
  if (filename !== undefined) form.append('file', file, filename);
  else form.append('file', file);
  return request<OrgImportResult>('POST', '/api/v1/orgs/import', {
    query: { dry_run: dryRun ? 'true' : 'false' },
    body: form,
    silent: true,
  });
}

/** The key fields an org account cannot edit itself but may propose to change. */
export const CHANGE_REQUEST_FIELDS = ['name', 'uscc', 'kind', 'region_code'] as const;
export type ChangeRequestField = (typeof CHANGE_REQUEST_FIELDS)[number];
export type ChangeRequestStatus = 'pending' | 'approved' | 'rejected';
export const CHANGE_REQUEST_STATUSES: ChangeRequestStatus[] = ['pending', 'approved', 'rejected'];

/** A proposed change of an organization's key fields and, once decided, the decision. */
export interface ChangeRequest {
  id: number;
  org_id: number;
  org_name: string;
  region_code: string;
  requested_by: number;
  requested_by_name: string;
  requested_at: string;
  /** Proposed values as text; '' clears the field (only the USCC may be empty). */
  changes: Partial<Record<ChangeRequestField, string>>;
  reason: string;
  status: ChangeRequestStatus;
  decided_by_name: string;
  decided_at: string | null;
  decision_note: string;
}

export interface ChangeRequestInput {
  changes: Partial<Record<ChangeRequestField, string>>;
  reason?: string;
}

/** Proposes a change (org accounts, own organization). Errors are silent for the dialog. */
export function proposeChange(orgId: number, input: ChangeRequestInput): Promise<ChangeRequest> {
  return http.post<ChangeRequest>(`/api/v1/orgs/${orgId}/change-requests`, input, true);
}

/** Change requests in scope (staff: their region's subtree; org: their own), newest first. */
export async function listChangeRequests(status?: ChangeRequestStatus): Promise<ChangeRequest[]> {
  const res = await http.get<{ items: ChangeRequest[] }>('/api/v1/change-requests', { status });
  return res.items;
}

/** Approves and applies a request; 409 conflict when already decided. Errors are silent. */
export function approveChange(id: number, note?: string): Promise<ChangeRequest> {
  return http.post<ChangeRequest>(
    `/api/v1/change-requests/${id}/approve`,
    note ? { note } : {},
    true,
  );
}

/** Rejects a request; the note is required (422 field note). Errors are silent. */
export function rejectChange(id: number, note: string): Promise<ChangeRequest> {
  return http.post<ChangeRequest>(`/api/v1/change-requests/${id}/reject`, { note }, true);
}

export interface PublicOrg {
  id: number;
  name: string;
  kind: string;
  region_code: string;
  domains: string[];
  public_contact: string;
}

export interface PublicOrgQuery {
  q?: string;
  region?: string;
  page?: number;
  size?: number;
}

/** The public directory of published organizations (no session needed). */
export function listPublicOrgs(q: PublicOrgQuery): Promise<Page<PublicOrg>> {
  return http.get<Page<PublicOrg>>('/api/v1/public/orgs', { ...q });
}
