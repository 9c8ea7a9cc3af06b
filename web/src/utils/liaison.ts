// Pure helpers of the cadre liaison pages: days since a contact, follow-ups past
// their due date, and the order of the workload groups.
import type { Visit, WorkloadGroup } from '@/api/liaison';

/** Today's date YYYY-MM-DD in local time. */
export function today(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** Whole days from `date` to `to` (both YYYY-MM-DD); null when `date` is empty. */
export function daysBetween(date: string | null | undefined, to: string): number | null {
  if (!date) return null;
  const a = Date.parse(`${date}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(a) || Number.isNaN(b)) return null;
  return Math.round((b - a) / 86400000);
}

/** An open follow-up whose due date has passed. */
export function followUpOverdue(
  v: Pick<Visit, 'follow_up_state' | 'follow_up_due'>,
  on: string,
): boolean {
  return v.follow_up_state === 'open' && !!v.follow_up_due && v.follow_up_due < on;
}

/** How stale a last contact is for the threshold: never, stale or recent. */
export function contactLevel(
  last: string | null,
  on: string,
  days: number,
): 'never' | 'stale' | 'recent' {
  const d = daysBetween(last, on);
  if (d === null) return 'never';
  return d >= days ? 'stale' : 'recent';
}

/** Groups with the most never-contacted organizations first, then by name. */
export function sortGroups(groups: WorkloadGroup[]): WorkloadGroup[] {
  return [...groups].sort(
    (a, b) => b.never_contacted - a.never_contacted || a.name.localeCompare(b.name, 'zh-CN'),
  );
}
