import { describe, expect, it } from 'vitest';
import { ApiError, parseErrorEnvelope } from '@/api/http';
import { voteErrorMessage } from './voteErrors';

const t = (key: string, values?: Record<string, unknown>) =>
  values ? `${key} ${JSON.stringify(values)}` : key;
const env = (status: number, message: string, field = '', retry: string | null = null) =>
  parseErrorEnvelope(
    status,
    JSON.stringify({ error: { code: 'x', message, field, request_id: 'r' } }),
    retry,
  );

describe('voteErrorMessage', () => {
  it('names the reason a vote was refused', () => {
    expect(voteErrorMessage(env(409, 'you already voted for entry 2 today', 'entries'), t)).toBe(
      'votes.err.already',
    );
    expect(
      voteErrorMessage(env(409, 'over the daily limit: at most 3 entries a day', 'entries'), t, 3),
    ).toBe('votes.err.overLimit {"n":3}');
    expect(voteErrorMessage(env(409, 'voting has closed', 'voting_closes_at'), t)).toBe(
      'votes.err.closed',
    );
    expect(voteErrorMessage(env(401, 'verify your phone number first'), t)).toBe(
      'votes.err.verifyFirst',
    );
  });
  it('names the reason a code was refused', () => {
    expect(voteErrorMessage(env(422, 'the code has expired; ask for a new code', 'code'), t)).toBe(
      'votes.err.codeExpired',
    );
    expect(voteErrorMessage(env(422, 'too many wrong tries; ask for a new code', 'code'), t)).toBe(
      'votes.err.codeDead',
    );
    expect(voteErrorMessage(env(422, 'wrong code; 3 tries left', 'code'), t)).toBe(
      'votes.err.codeWrong',
    );
    expect(
      voteErrorMessage(env(429, 'a code was sent less than a minute ago', 'phone', '42'), t),
    ).toBe('votes.err.sendWait {"s":42}');
    expect(voteErrorMessage(env(429, 'at most 5 codes a day', 'phone'), t)).toBe(
      'votes.err.sendDaily',
    );
    expect(voteErrorMessage(new Error('boom'), t)).toBe('votes.err.network');
    expect(new ApiError({ status: 0, code: 'internal', message: '' })).toBeInstanceOf(Error);
  });
});
