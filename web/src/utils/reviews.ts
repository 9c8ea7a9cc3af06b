// Pure helpers of the annual review pages: money in fen, which actions a role may
// take in a state, what is still missing before a submission, checklist completeness.
import type { ChecklistAnswer, Review, ReviewResult, ReviewState } from '@/api/reviews';

/** 123456 fen → "1,234.56" (yuan with two decimals); '' for null. */
export function fenToYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '';
  const neg = fen < 0;
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  const cents = String(abs % 100).padStart(2, '0');
  return `${neg ? '-' : ''}${yuan}.${cents}`;
}

/**
 * "1,234.5" → 123450 fen. Empty → null. Undefined when the text is not an amount
 * (negative, more than two decimals, or not a number).
 */
export function yuanToFen(text: string): number | null | undefined {
  const s = text.replace(/[,\s，]/g, '');
  if (s === '') return null;
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export type ReviewAction = 'edit' | 'submit' | 'return' | 'decide';

/** The actions of the state machine open to a role (org accounts and staff file, staff decide). */
export function allowedActions(state: ReviewState, role: string | undefined): ReviewAction[] {
  const files = role === 'org' || role === 'staff' || role === 'admin';
  const decides = role === 'staff' || role === 'admin';
  const out: ReviewAction[] = [];
  if ((state === 'draft' || state === 'returned') && files) out.push('edit', 'submit');
  if ((state === 'submitted' || state === 'resubmitted') && decides) out.push('return', 'decide');
  return out;
}

/** Field names a submission still needs (same rules as the server), in form order. */
export function missingForSubmit(
  r: Pick<Review, 'work_report_file_id' | 'financial_file_id' | 'audit_file_id' | 'disclosure'>,
): string[] {
  const out: string[] = [];
  if (!r.work_report_file_id) out.push('work_report_file_id');
  if (!r.financial_file_id) out.push('financial_file_id');
  if (!r.audit_file_id) out.push('audit_file_id');
  const d = r.disclosure;
  if (!d.governance) out.push('governance');
  if (!d.activities) out.push('activities');
  if (d.income_fen === null) out.push('income_fen');
  if (d.spending_fen === null) out.push('spending_fen');
  if (d.staff_fulltime === null) out.push('staff_fulltime');
  return out;
}

/** The income mix adds up to the income (or is not given at all). */
export function mixMatches(d: Review['disclosure']): boolean {
  const parts = [
    d.income_government_fen,
    d.income_donations_fen,
    d.income_service_fees_fen,
    d.income_other_fen,
  ];
  if (parts.every((p) => p === null)) return true;
  return parts.reduce<number>((a, p) => a + (p ?? 0), 0) === (d.income_fen ?? 0);
}

/** Checklist items not yet answered. */
export function unanswered(
  items: string[],
  answers: Record<string, ChecklistAnswer | ''>,
): string[] {
  return items.filter((k) => !answers[k]);
}

/** A decision other than qualified needs reasons. */
export function needsReasons(result: ReviewResult | ''): boolean {
  return result === 'basically_qualified' || result === 'unqualified';
}

/** Element Plus tag type of a result. */
export function resultTagType(
  result: ReviewResult | null,
): 'success' | 'warning' | 'danger' | 'info' {
  if (result === 'qualified') return 'success';
  if (result === 'basically_qualified') return 'warning';
  if (result === 'unqualified') return 'danger';
  return 'info';
}

/** The review year a campaign is about by default: last year. */
export function defaultReviewYear(now: Date = new Date()): number {
  return now.getFullYear() - 1;
}
