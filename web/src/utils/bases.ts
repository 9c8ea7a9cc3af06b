// Pure logic of the bases pages: which transitions a caller may offer on an agreement
// (mirrors hub/base_service.cpp TransitionRules), the hours progress, the graduation
// readiness of the checklist and days left in the term.
import type { Criterion, Residency, ResidencyState, Side } from '@/api/bases';

export interface TransitionRule {
  from: ResidencyState;
  to: ResidencyState;
  side: Side;
}

/** The agreement state machine; `expired` is set by the server when the end date passes. */
export const TRANSITIONS: readonly TransitionRule[] = [
  { from: 'invited', to: 'applied', side: 'resident' },
  { from: 'invited', to: 'declined', side: 'resident' },
  { from: 'invited', to: 'withdrawn', side: 'base' },
  { from: 'applied', to: 'signed', side: 'base' },
  { from: 'applied', to: 'declined', side: 'base' },
  { from: 'applied', to: 'withdrawn', side: 'resident' },
  { from: 'signed', to: 'active', side: 'base' },
  { from: 'signed', to: 'terminated', side: 'base' },
  { from: 'active', to: 'graduated', side: 'base' },
  { from: 'active', to: 'terminated', side: 'base' },
];

/** States that end an agreement. */
export const FINAL_STATES: readonly ResidencyState[] = [
  'graduated',
  'terminated',
  'expired',
  'declined',
  'withdrawn',
];

/** The target states the caller (with `sides`) may move an agreement in `state` to. */
export function allowedTransitions(
  state: ResidencyState,
  sides: readonly Side[],
): ResidencyState[] {
  return TRANSITIONS.filter((t) => t.from === state && sides.includes(t.side)).map((t) => t.to);
}

/** Whether a transition needs a reason (terminated) or can take one (declined, withdrawn). */
export function needsReason(to: ResidencyState): boolean {
  return to === 'terminated';
}

/** Events may be recorded while the agreement is applied, signed or active (by the base side). */
export function canRecordEvents(r: Pick<Residency, 'state' | 'sides'>): boolean {
  return r.sides.includes('base') && ['applied', 'signed', 'active'].includes(r.state);
}

/** Terms can change before signing only. */
export function termsEditable(state: ResidencyState): boolean {
  return state === 'invited' || state === 'applied';
}

/** Delivered as a share of committed hours, 0..100 (capped), or null without a commitment. */
export function hoursPercent(delivered: number, committed: number | null): number | null {
  if (committed === null || committed <= 0) return null;
  return Math.min(100, Math.round((delivered / committed) * 100));
}

/** Progress colour: behind schedule when delivered trails the elapsed share of the term. */
export function hoursStatus(
  delivered: number,
  committed: number | null,
  start: string | null,
  end: string | null,
  today: string,
): 'none' | 'behind' | 'on_track' | 'done' {
  if (committed === null || committed <= 0) return 'none';
  if (delivered >= committed) return 'done';
  if (!start || !end) return 'on_track';
  const total = daysBetween(start, end);
  const elapsed = Math.max(0, Math.min(total, daysBetween(start, today)));
  const expected = total > 0 ? (committed * elapsed) / total : 0;
  return delivered + 1e-9 < expected * 0.8 ? 'behind' : 'on_track';
}

/** Whole days from `from` to `to` (YYYY-MM-DD), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000);
}

/** Days left in the term (0 on the last day), or null without an end date. */
export function daysLeft(end: string | null, today: string): number | null {
  return end ? daysBetween(today, end) : null;
}

/** Today's date in China (UTC+8) as YYYY-MM-DD. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** Required checklist items not yet met (graduation needs none, or an override reason). */
export function unmetRequired(checklist: readonly Criterion[]): string[] {
  return checklist.filter((c) => c.required && !c.met).map((c) => c.code);
}
