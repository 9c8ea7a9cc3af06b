// Pure helpers of the notice pages: the audience sent from the publish form, the
// read progress of receipts, the inbox badge text and the title/body in the UI language.
import type { Audience, Notice, ReceiptSummary } from '@/api/notice';

/** The publish dialog's audience fields as the user left them. */
export interface AudienceForm {
  region: string;
  kinds: string[];
  statuses: string[];
  domains: string[];
  registered: '' | 'true' | 'false';
  /** Organization ids typed or pasted: separated by commas, spaces or new lines. */
  orgIds: string;
}

export function emptyAudienceForm(region = ''): AudienceForm {
  return { region, kinds: [], statuses: [], domains: [], registered: '', orgIds: '' };
}

/** Parses the id list; returns null when something in it is not an id. */
export function parseOrgIds(text: string): number[] | null {
  const parts = text.split(/[\s,，;；]+/).filter((p) => p !== '');
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,16}$/.test(p)) return null;
    const n = Number(p);
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

/** The audience to send: empty filters left out (an empty list means "any"). */
export function buildAudience(f: AudienceForm): Audience {
  const a: Audience = {};
  if (f.region) a.region = f.region;
  if (f.kinds.length) a.kinds = [...f.kinds];
  if (f.statuses.length) a.statuses = [...f.statuses];
  if (f.domains.length) a.domains = [...f.domains];
  if (f.registered) a.registered = f.registered === 'true';
  const ids = parseOrgIds(f.orgIds);
  if (ids && ids.length) a.org_ids = ids;
  return a;
}

/** Share of recipients who have read, 0..100 (whole numbers; 0 when nobody received it). */
export function readPercent(s: Pick<ReceiptSummary, 'recipients' | 'read'>): number {
  if (s.recipients <= 0) return 0;
  return Math.min(100, Math.floor((s.read * 100) / s.recipients));
}

/** The unread badge: nothing for 0, the number up to 99, then "99+". */
export function badgeText(unread: number): string {
  if (!unread || unread < 0) return '';
  return unread > 99 ? '99+' : String(unread);
}

/** Title and body in the UI language (English ones fall back to Chinese when absent). */
export function localized(
  n: Pick<Notice, 'title' | 'body' | 'title_en' | 'body_en'>,
  locale: string,
) {
  const en = locale.startsWith('en');
  return {
    title: en && n.title_en ? n.title_en : n.title,
    body: en && n.body_en ? n.body_en : n.body,
  };
}

/** Whether a notice is a reminder produced by the system (not published by a person). */
export function isReminder(n: Pick<Notice, 'kind'>): boolean {
  return n.kind !== 'notice';
}

/** First characters of the body for list rows (one line). */
export function excerpt(body: string, max = 60): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
