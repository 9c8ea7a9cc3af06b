// Public voting (集票投票): the public competition page, one-time codes, votes;
// and the staff's paper-ballot batches and fraud report. Vote counts are absent
// from every answer while a competition hides them (counts_visible = false).
import { http, request } from './http';

export interface PublicCompetition {
  id: number;
  name: string;
  series: string;
  phase_no: number;
  year: number;
  description: string;
  state: string;
  /** upcoming | application | qualification | scoring | voting | counting | results | closed */
  phase: string;
  region_code: string;
  voting_opens_at: number;
  voting_closes_at: number;
  max_entries_per_day: number;
  entry_count: number;
  counts_visible: boolean;
  votes_online?: number;
  votes_paper?: number;
  votes_total?: number;
}

export interface PublicEntry {
  entry_no: number;
  title: string;
  org_name: string;
  summary: string;
  region_code: string;
  share_path: string;
  votes_online?: number;
  votes_paper?: number;
  votes_total?: number;
}

export interface VoteReceipt {
  votes: { id: number; entry_no: number }[];
  vote_day: number;
  max_entries_per_day: number;
  used_today: number;
}

const pub = (id: number, rest = '') => `/api/v1/public/competitions/${id}${rest}`;

export const getPublicCompetition = (id: number) => http.get<PublicCompetition>(pub(id), {}, true);

export const listPublicEntries = (id: number) =>
  http.get<{ items: PublicEntry[]; total: number; counts_visible: boolean }>(
    pub(id, '/entries'),
    {},
    true,
  );

/** Sends a one-time code by SMS (errors are thrown, not toasted: the page shows them). */
export const sendCode = (id: number, phone: string) =>
  http.post<{ sent: boolean; expires_in: number }>(pub(id, '/otp'), { phone }, true);

export const verifyCode = (id: number, phone: string, code: string) =>
  http.post<{ token: string; expires_at: string }>(pub(id, '/otp/verify'), { phone, code }, true);

/** Casts votes; `requestId` makes a retry (or a double tap) answer the same success. */
export async function castVotes(
  id: number,
  token: string,
  entries: number[],
  requestId: string,
): Promise<VoteReceipt> {
  const res = await fetch(pub(id, '/votes'), {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      Authorization: `Bearer ${token}`,
      'Idempotency-Key': requestId,
    },
    body: JSON.stringify({ entries }),
  });
  if (!res.ok) {
    const { parseErrorEnvelope } = await import('./http');
    throw parseErrorEnvelope(res.status, await res.text(), res.headers.get('Retry-After'));
  }
  return (await res.json()) as VoteReceipt;
}

/** Absolute share link of an entry (集票). */
export function shareUrl(entry: PublicEntry, origin = window.location.origin): string {
  return origin + entry.share_path;
}

// ---- staff ----------------------------------------------------------------

export interface PaperBatch {
  id: number;
  event_name: string;
  collected_at: string;
  note: string;
  entered_by_name: string;
  voided: boolean;
  void_reason: string;
  /** Absent while the competition hides counts. */
  counts?: { entry_no: number; votes: number }[];
  ballots?: number;
  created_at: string;
}

export interface NewPaperBatch {
  event_name: string;
  collected_at: string;
  note?: string;
  counts: { entry_no: number; votes: number }[];
}

const staff = (id: number, rest: string) => `/api/v1/competitions/${id}${rest}`;

export const listPaperBatches = (id: number) =>
  http.get<{ items: PaperBatch[]; total: number }>(staff(id, '/paper-ballots'));
export const addPaperBatch = (id: number, b: NewPaperBatch) =>
  http.post<PaperBatch>(staff(id, '/paper-ballots'), b);
export const voidPaperBatch = (id: number, batch: number, reason: string) =>
  http.post<PaperBatch>(staff(id, `/paper-ballots/${batch}/void`), { reason });

export interface FraudVote {
  id: number;
  entry_no: number;
  ip: string;
  created_at: string;
  voter: string;
  voided: boolean;
  void_reason: string;
}
export interface Burst {
  kind: 'subnet' | 'minute';
  key: string;
  votes: number;
  first_at: string;
  last_at: string;
  items: FraudVote[];
}
export interface FraudReport {
  competition_id: number;
  subnet_threshold: number;
  minute_threshold: number;
  bursts: Burst[];
}

export const getFraudReport = (id: number, subnet_threshold: number, minute_threshold: number) =>
  http.get<FraudReport>(staff(id, '/fraud-report'), { subnet_threshold, minute_threshold });
export const voidVotes = (id: number, vote_ids: number[], reason: string) =>
  request<{ voided: number[]; count: number }>('POST', staff(id, '/fraud-report/void'), {
    body: { vote_ids, reason },
  });
