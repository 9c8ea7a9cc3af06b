// The joint Party branch (联合党支部): branches, officers, members (ID number and
// phone masked; unmasked reads are audited), committee and activities with attendance.
import { http, type Page } from './http';

export type MemberStatus = 'full' | 'probationary';
export type Post =
  | ''
  | 'secretary'
  | 'deputy_secretary'
  | 'organization'
  | 'propaganda'
  | 'discipline'
  | 'youth'
  | 'women';
export type ActivityKind = 'assembly' | 'committee' | 'group' | 'lecture' | 'themed_day';
export type AttendanceStatus = 'present' | 'absent' | 'excused';

export const POSTS: Post[] = [
  'secretary',
  'deputy_secretary',
  'organization',
  'propaganda',
  'discipline',
  'youth',
  'women',
];
export const ACTIVITY_KINDS: ActivityKind[] = [
  'assembly',
  'committee',
  'group',
  'lecture',
  'themed_day',
];

export interface Officer {
  user_id: number;
  username: string;
  display_name: string;
}

export interface Member {
  id: number;
  branch_id: number;
  name: string;
  org_id: number | null;
  org_name: string;
  status: MemberStatus;
  post: Post;
  joined_party_on: string | null;
  transfer_in_on: string;
  transfer_out_on: string | null;
  current: boolean;
  id_number: string;
  id_number_unmasked: boolean;
  phone: string;
  phone_unmasked: boolean;
  activities_held: number;
  activities_attended: number;
  version: number;
}

export interface Branch {
  id: number;
  region_code: string;
  region_name: string;
  name: string;
  lead_org_id: number;
  lead_org_name: string;
  founded_on: string | null;
  description: string;
  members: number;
  activities: number;
  version: number;
  officers?: Officer[];
  committee?: Member[];
}

export interface Attendance {
  member_id: number;
  member_name?: string;
  status: AttendanceStatus;
  reason: string;
}

export interface Activity {
  id: number;
  kind: ActivityKind;
  held_on: string;
  place: string;
  topic: string;
  minutes?: string;
  present: number;
  absent: number;
  excused: number;
  attendance?: Attendance[];
  version: number;
}

export interface MemberInput {
  name?: string;
  org_id?: number | null;
  status?: MemberStatus;
  post?: Post;
  joined_party_on?: string;
  transfer_in_on?: string;
  transfer_out_on?: string | null;
  id_number?: string;
  phone?: string;
}

export interface ActivityInput {
  kind?: ActivityKind;
  held_on?: string;
  place?: string;
  topic?: string;
  minutes?: string;
  attendance?: Attendance[];
}

const base = (id: number) => `/api/v1/party-branches/${id}`;

export const listBranches = (silent = false) =>
  http.get<Page<Branch>>('/api/v1/party-branches', undefined, silent);
export const getBranch = (id: number) => http.get<Branch>(base(id));
export const listMembers = (id: number) =>
  http.get<{ items: Member[]; total: number }>(`${base(id)}/members`);
export const getMember = (id: number, mid: number, unmask: Array<'id_number' | 'phone'> = []) =>
  http.get<Member>(
    `${base(id)}/members/${mid}`,
    unmask.length ? { unmask: unmask.join(',') } : undefined,
  );
export const addMember = (id: number, body: MemberInput) =>
  http.post<Member>(`${base(id)}/members`, body);
export const updateMember = (id: number, mid: number, version: number, body: MemberInput) =>
  http.patch<Member>(`${base(id)}/members/${mid}`, { version, ...body });
export const listActivities = (id: number) =>
  http.get<Page<Activity>>(`${base(id)}/activities`, { size: 200 });
export const getActivity = (id: number, aid: number) =>
  http.get<Activity>(`${base(id)}/activities/${aid}`);
export const addActivity = (id: number, body: ActivityInput) =>
  http.post<Activity>(`${base(id)}/activities`, body);

/** Participation as "attended / held" and a rounded percentage ("—" when none held). */
export function participation(m: Pick<Member, 'activities_attended' | 'activities_held'>): string {
  if (m.activities_held === 0) return '—';
  const pct = Math.round((100 * m.activities_attended) / m.activities_held);
  return `${m.activities_attended} / ${m.activities_held} (${pct}%)`;
}
