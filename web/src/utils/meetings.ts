// Pure logic of the meeting pages: the state machines (mirroring the server's),
// tag colours, and which actions a page offers for a meeting or an invitation.
import type { InvitationStatus, MeetingState, Resolution } from '@/api/meetings';

export type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger';

export const MEETING_TRANSITIONS: Record<MeetingState, MeetingState[]> = {
  scheduled: ['held', 'cancelled'],
  held: [],
  cancelled: [],
};

export const INVITATION_TRANSITIONS: Record<InvitationStatus, InvitationStatus[]> = {
  invited: ['confirmed', 'attended', 'absent'],
  confirmed: ['attended', 'absent'],
  attended: ['absent'],
  absent: ['attended'],
};

export function canMoveMeeting(from: MeetingState, to: MeetingState): boolean {
  return MEETING_TRANSITIONS[from].includes(to);
}

export function canMarkInvitation(from: InvitationStatus, to: InvitationStatus): boolean {
  return INVITATION_TRANSITIONS[from].includes(to);
}

export function meetingStateTag(s: MeetingState): TagType {
  return s === 'scheduled' ? 'primary' : s === 'held' ? 'success' : 'info';
}

export function invitationTag(s: InvitationStatus): TagType {
  return { invited: 'info', confirmed: 'primary', attended: 'success', absent: 'danger' }[
    s
  ] as TagType;
}

/** The manual marks staff may set on an invitation of a meeting in `state`. */
export function manualMarks(
  state: MeetingState,
  status: InvitationStatus,
): ('attended' | 'absent')[] {
  if (state === 'cancelled') return [];
  return (['attended', 'absent'] as const).filter((to) => canMarkInvitation(status, to));
}

/** Whether a resolution is overdue on `today` (YYYY-MM-DD): open and past its due date. */
export function isOverdue(r: Pick<Resolution, 'state' | 'due_on'>, today: string): boolean {
  return r.state === 'open' && !!r.due_on && r.due_on < today;
}

/** Today's date in China (UTC+8) as YYYY-MM-DD; due dates are local dates. */
export function todayCn(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** Counts of a list of invitations by status. */
export function attendanceSummary(statuses: InvitationStatus[]) {
  const out = { invited: statuses.length, confirmed: 0, attended: 0, absent: 0 };
  for (const s of statuses) if (s !== 'invited') out[s] += 1;
  return out;
}

/** Normalises a typed check-in code: upper case, spaces and dashes removed. */
export function normaliseCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}
