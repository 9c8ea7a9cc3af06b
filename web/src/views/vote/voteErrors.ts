// Turns a refused code or vote into a translated, specific message for voters.
import { ApiError } from '@/api/http';

type T = (key: string, values?: Record<string, unknown>) => string;

export function voteErrorMessage(err: unknown, t: T, maxPerDay = 1): string {
  if (!(err instanceof ApiError)) return t('votes.err.network');
  const m = err.message;
  if (err.status === 401) return t('votes.err.verifyFirst');
  if (err.status === 429) {
    if (m.includes('a day')) return t('votes.err.sendDaily');
    if (m.includes('network')) return t('votes.err.sendIp');
    return t('votes.err.sendWait', { s: err.retry_after ?? 60 });
  }
  if (err.field === 'phone') return t('votes.err.phone');
  if (err.field === 'code') {
    if (m.includes('expired')) return t('votes.err.codeExpired');
    if (m.includes('too many')) return t('votes.err.codeDead');
    if (m.includes('already used')) return t('votes.err.codeUsed');
    if (m.includes('no code')) return t('votes.err.codeNone');
    return t('votes.err.codeWrong');
  }
  if (err.field === 'voting_closes_at') return t('votes.err.closed');
  if (err.field === 'voting_opens_at') return t('votes.err.notOpen');
  if (m.includes('voting is not open')) return t('votes.err.closed');
  if (m.includes('already voted')) return t('votes.err.already');
  if (m.includes('daily limit')) return t('votes.err.overLimit', { n: maxPerDay });
  if (err.status === 404) return t('votes.err.notFound');
  return m || t('votes.err.network');
}
