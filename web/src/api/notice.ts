// Typed calls for notices and the inbox: /api/v1/notices (publish, list, read, receipts,
// deliveries, audience preview) and /api/v1/inbox (the caller's inbox, unread count, mark read).
import { http, type Page } from './http';

/** Who a notice goes to: organizations in `region` matching every non-empty filter. */
export interface Audience {
  region?: string;
  kinds?: string[];
  statuses?: string[];
  domains?: string[];
  registered?: boolean | null;
  org_ids?: number[];
}

export interface Notice {
  id: number;
  /** "notice" for published notices, else the reminder kind (annual_review_due, …). */
  kind: string;
  title: string;
  body: string;
  title_en: string;
  body_en: string;
  link: string;
  sender_id: number | null;
  sender_name: string;
  region_code: string;
  /** orgs: organizations' inboxes; staff: reminders meant for staff of the region. */
  audience_kind: 'orgs' | 'staff';
  audience: Record<string, unknown> | null;
  attachments: number[];
  recipients: number;
  read_count: number;
  created_at: string;
  /** In the inbox: when the caller's organization (or the caller) read it. */
  read_at: string | null;
  read: boolean;
}

export interface NoticeInput {
  title: string;
  body: string;
  audience: Audience;
  attachments?: number[];
}

export interface ReceiptSummary {
  recipients: number;
  read: number;
  unread: number;
}

export interface Receipt {
  org_id: number;
  org_name: string;
  region_code: string;
  read: boolean;
  read_at: string | null;
  read_by: number | null;
  read_by_name: string;
}

export interface ReceiptPage extends Page<Receipt> {
  summary: ReceiptSummary;
}

export interface Delivery {
  id: number;
  org_id: number | null;
  channel: string;
  address: string;
  status: 'pending' | 'sent' | 'failed' | 'dead';
  attempts: number;
  next_attempt_at: string;
  sent_at: string | null;
  last_error: string;
  created_at: string;
}

export interface DeliveryLogEntry {
  id: number;
  delivery_id: number;
  channel: string;
  attempt: number;
  outcome: 'sent' | 'failed' | 'dead';
  error: string;
  at: string;
}

export function publishNotice(input: NoticeInput): Promise<Notice> {
  return http.post<Notice>('/api/v1/notices', input, true);
}

/** How many organizations an audience reaches (silent: the dialog shows errors inline). */
export async function previewAudience(audience: Audience): Promise<number> {
  const res = await http.post<{ recipients: number }>(
    '/api/v1/notices/preview',
    { audience },
    true,
  );
  return res.recipients;
}

export function listNotices(q: {
  kind?: '' | 'notice' | 'reminder';
  q?: string;
  page?: number;
  size?: number;
}): Promise<Page<Notice>> {
  return http.get<Page<Notice>>('/api/v1/notices', { ...q });
}

export function getNotice(id: number): Promise<Notice> {
  return http.get<Notice>(`/api/v1/notices/${id}`);
}

export function getReceipts(
  id: number,
  q: { read?: boolean | null; page?: number; size?: number },
): Promise<ReceiptPage> {
  return http.get<ReceiptPage>(`/api/v1/notices/${id}/receipts`, {
    read: q.read ?? undefined,
    page: q.page,
    size: q.size,
  });
}

export function getDeliveries(
  id: number,
): Promise<{ items: Delivery[]; total: number; log: DeliveryLogEntry[] }> {
  return http.get(`/api/v1/notices/${id}/deliveries`);
}

export function getInbox(q: {
  unread?: boolean;
  page?: number;
  size?: number;
}): Promise<Page<Notice>> {
  return http.get<Page<Notice>>('/api/v1/inbox', { ...q, unread: q.unread || undefined });
}

export async function unreadCount(): Promise<number> {
  const res = await http.get<{ unread: number }>('/api/v1/inbox/unread-count', undefined, true);
  return res.unread;
}

export function markRead(id: number): Promise<Notice> {
  return http.post<Notice>(`/api/v1/inbox/${id}/read`, {});
}
