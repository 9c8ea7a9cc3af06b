// Typed calls for meetings (社团联席会议, 社团组织会议): /api/v1/meetings (list, schedule,
// read, change), invitations, confirmation and check-in by org accounts, manual
// attendance, hold (with minutes) and cancel, resolutions followed to done.
import { http, type Page, type Query } from './http';

export type MeetingKind = 'joint' | 'org' | 'other';
export type MeetingState = 'scheduled' | 'held' | 'cancelled';
export type InvitationStatus = 'invited' | 'confirmed' | 'attended' | 'absent';

export interface Invitation {
  org_id: number;
  org_name: string;
  org_region: string;
  status: InvitationStatus;
  method: 'code' | 'manual' | null;
  confirmed_at: string | null;
  attended_at: string | null;
}

export interface Resolution {
  id: number;
  meeting_id: number;
  content: string;
  owner_org_id: number | null;
  owner_org_name: string;
  owner_user_id: number | null;
  owner_user_name: string;
  due_on: string | null;
  state: 'open' | 'done';
  done_note: string;
  done_at: string | null;
  overdue: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface Meeting {
  id: number;
  kind: MeetingKind;
  title: string;
  region_code: string;
  region_name: string;
  starts_at: string;
  ends_at: string;
  place: string;
  agenda: string;
  state: MeetingState;
  minutes: string;
  minutes_file_id: number | null;
  cancel_reason: string;
  open_resolutions: number;
  overdue_resolutions: number;
  version: number;
  created_at: string;
  updated_at: string;
  /** Staff and auditors only. */
  counts?: { invited: number; confirmed: number; attended: number; absent: number };
  /** Staff and admins only (never auditors or org accounts). */
  checkin_code?: string;
}

export interface MeetingDetail extends Meeting {
  /** Staff view: every invitation. */
  invitations?: Invitation[];
  /** Org accounts: their own invitation only. */
  my_invitation?: Invitation | null;
  resolutions: Resolution[];
}

export interface MeetingInput {
  kind?: MeetingKind;
  title?: string;
  region_code?: string;
  starts_at?: string;
  ends_at?: string;
  place?: string;
  agenda?: string;
  minutes?: string;
  minutes_file_id?: number | null;
}

export interface ResolutionInput {
  content?: string;
  owner_org_id?: number | null;
  owner_user_id?: number | null;
  due_on?: string | null;
  state?: 'open' | 'done';
  note?: string;
}

const base = '/api/v1/meetings';
const url = (id: number, tail = '') => `${base}/${id}${tail}`;

export const listMeetings = (q: Query) => http.get<Page<Meeting>>(base, q);
export const getMeeting = (id: number) => http.get<MeetingDetail>(url(id));
export const createMeeting = (body: MeetingInput) => http.post<MeetingDetail>(base, body);
export const updateMeeting = (id: number, version: number, body: MeetingInput) =>
  http.patch<MeetingDetail>(url(id), { ...body, version });
export const holdMeeting = (id: number, minutes: string, minutes_file_id: number | null) =>
  http.post<MeetingDetail>(url(id, '/hold'), { minutes, minutes_file_id });
export const cancelMeeting = (id: number, reason: string) =>
  http.post<MeetingDetail>(url(id, '/cancel'), { reason });
export const inviteOrgs = (id: number, org_ids: number[]) =>
  http.post<MeetingDetail & { added: number }>(url(id, '/invitations'), { org_ids });
export const inviteByFilter = (
  id: number,
  filter: { region?: string; kind?: string; q?: string },
) => http.post<MeetingDetail & { added: number }>(url(id, '/invitations'), { filter });
export const confirmMeeting = (id: number) => http.post<MeetingDetail>(url(id, '/confirm'), {});
export const checkIn = (id: number, code: string) =>
  http.post<MeetingDetail>(url(id, '/check-in'), { code });
export const markAttendance = (
  id: number,
  marks: { org_id: number; status: 'attended' | 'absent' }[],
) => http.post<MeetingDetail>(url(id, '/attendance'), { marks });
export const addResolution = (id: number, body: ResolutionInput) =>
  http.post<Resolution>(url(id, '/resolutions'), body);
export const updateResolution = (id: number, rid: number, version: number, body: ResolutionInput) =>
  http.patch<Resolution>(url(id, `/resolutions/${rid}`), { ...body, version });
