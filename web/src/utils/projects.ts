// Money of the project cycle: the API carries integer fen; the UI shows and
// takes yuan with at most two decimals. Pure helpers (see projects.test.ts).

/** 1234567 fen → "12,345.67" (negative amounts keep their sign). */
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return '—';
  const neg = fen < 0;
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100).toString();
  const cents = (abs % 100).toString().padStart(2, '0');
  const grouped = yuan.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${grouped}.${cents}`;
}

/** "12,345.6" or 12345.6 → 1234560 fen; null when it is not a positive amount with ≤ 2 decimals. */
export function yuanToFen(input: string | number | null | undefined): number | null {
  if (input === null || input === undefined) return null;
  const text = String(input).trim().replace(/,/g, '');
  const m = /^(\d{1,11})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return fen > 0 ? fen : null;
}

/** fen → a yuan number for an input box (1234560 → 12345.6). */
export function fenToYuan(fen: number): number {
  return Math.round(fen) / 100;
}

/** The sum of the amounts (fen) of budget lines or milestones. */
export function sumFen(items: { amount: number | null | undefined }[]): number {
  return items.reduce((s, x) => s + (Number.isInteger(x.amount) ? (x.amount as number) : 0), 0);
}

/** The share as a percentage text: 0.4567 → "45.7%". */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return `${(share * 100).toFixed(1)}%`;
}

/** Whether a contract term from start to end (YYYY-MM-DD) stays within `years` years. */
export function withinYears(start: string, end: string, years: number): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(start);
  if (!m || !/^\d{4}-\d{2}-\d{2}$/.test(end)) return false;
  const y = Number(m[1]) + years;
  const month = Number(m[2]);
  const days = new Date(Date.UTC(y, month, 0)).getUTCDate();
  const d = Math.min(Number(m[3]), days);
  const limit = `${y}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return end < limit;
}

/** The actions the UI offers in a project state (the server decides). */
export function projectActions(state: string): string[] {
  switch (state) {
    case 'draft':
      return ['submit', 'cancel'];
    case 'submitted':
      return ['approve', 'return', 'cancel'];
    case 'returned':
      return ['submit', 'cancel'];
    case 'approved':
      return ['commission', 'cancel'];
    // Closing goes through the close-out page (final report, evaluation).
    default:
      return [];
  }
}
