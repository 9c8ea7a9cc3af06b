// Specification of the HTTP wrapper: credentials, CSRF header on writes, error envelope → ApiError.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, configureHttp, http, parseErrorEnvelope, request } from './http';
import { i18n } from '@/locales';

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

describe('parseErrorEnvelope', () => {
  it('reads code, message, field and request_id from the envelope', () => {
    const err = parseErrorEnvelope(
      422,
      JSON.stringify({
        error: {
          code: 'invalid_argument',
          message: 'password too short',
          field: 'password',
          request_id: 'req-1',
        },
      }),
    );
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(422);
    expect(err.code).toBe('invalid_argument');
    expect(err.message).toBe('password too short');
    expect(err.field).toBe('password');
    expect(err.request_id).toBe('req-1');
  });

  it('falls back to a code derived from the status when the body is not the envelope', () => {
    expect(parseErrorEnvelope(502, '<html>Bad gateway</html>').code).toBe('internal');
    expect(parseErrorEnvelope(404, '').code).toBe('not_found');
    expect(parseErrorEnvelope(409, '{"oops":1}').code).toBe('conflict');
  });

  it('ignores an unknown code and keeps the status-derived one', () => {
    const err = parseErrorEnvelope(403, JSON.stringify({ error: { code: 'weird', message: 'x' } }));
    expect(err.code).toBe('permission_denied');
    expect(err.message).toBe('x');
    expect(err.field).toBeNull();
  });

  it('reads Retry-After seconds of a 429', () => {
    const err = parseErrorEnvelope(
      429,
      JSON.stringify({ error: { code: 'rate_limited', message: 'locked' } }),
      '30',
    );
    expect(err.code).toBe('rate_limited');
    expect(err.retry_after).toBe(30);
  });

  it('reads an overloaded server as unavailable, with or without the envelope', () => {
    const err = parseErrorEnvelope(
      503,
      JSON.stringify({ error: { code: 'unavailable', message: 'busy' } }),
      '1',
    );
    expect(err.code).toBe('unavailable');
    expect(err.retry_after).toBe(1);
    // A proxy's own 503 page has no envelope: the status still tells.
    expect(parseErrorEnvelope(503, '<html>502 Bad Gateway</html>').code).toBe('unavailable');
  });
});

describe('request', () => {
  const fetchMock = vi.fn();
  const notify = vi.fn();
  const onUnauthenticated = vi.fn();

  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
    fetchMock.mockReset();
    notify.mockReset();
    onUnauthenticated.mockReset();
    i18n.global.locale.value = 'zh-CN';
    configureHttp({ csrfToken: () => 'tok-123', notify, onUnauthenticated });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('sends X-CSRF-Token and a JSON body on POST, with same-origin credentials', async () => {
    fetchMock.mockResolvedValue(jsonResponse(201, { id: 7 }));
    const res = await http.post<{ id: number }>('/api/v1/users', { username: 'a' });
    expect(res).toEqual({ id: 7 });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/v1/users');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    expect(init.headers['X-CSRF-Token']).toBe('tok-123');
    expect(init.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(init.body)).toEqual({ username: 'a' });
  });

  it('does not send the CSRF token on GET and encodes the query, skipping empty values', async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { items: [] }));
    await http.get('/api/v1/regions', { q: '会城', page: 1, role: '', x: undefined });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/v1/regions?q=%E4%BC%9A%E5%9F%8E&page=1');
    expect(init.headers['X-CSRF-Token']).toBeUndefined();
    expect(init.credentials).toBe('same-origin');
  });

  it('sends no CSRF header when there is no token yet', async () => {
    configureHttp({ csrfToken: () => null });
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
    await expect(request('POST', '/api/v1/auth/logout')).resolves.toBeUndefined();
    expect(fetchMock.mock.calls[0][1].headers['X-CSRF-Token']).toBeUndefined();
  });

  it('throws ApiError and notifies with the translated code and the server message', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(409, {
        error: { code: 'conflict', message: 'stale version', request_id: 'r9' },
      }),
    );
    const err = await http.patch('/api/v1/users/1', { version: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('conflict');
    expect((err as ApiError).request_id).toBe('r9');
    expect(notify).toHaveBeenCalledWith('数据已被他人修改，请重新加载', 'stale version');
  });

  it('translates into the current language', async () => {
    i18n.global.locale.value = 'en';
    fetchMock.mockResolvedValue(
      jsonResponse(403, { error: { code: 'permission_denied', message: 'no' } }),
    );
    await expect(http.get('/api/v1/audit-events')).rejects.toBeInstanceOf(ApiError);
    expect(notify).toHaveBeenCalledWith('Permission denied', 'no');
  });

  it('calls onUnauthenticated on 401, but a silent request neither notifies nor redirects', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(401, { error: { code: 'unauthenticated', message: 'x' } }),
    );
    await expect(http.get('/api/v1/users')).rejects.toMatchObject({ status: 401 });
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);

    notify.mockReset();
    onUnauthenticated.mockReset();
    fetchMock.mockResolvedValue(
      jsonResponse(401, { error: { code: 'unauthenticated', message: 'x' } }),
    );
    await expect(http.get('/api/v1/auth/me', undefined, true)).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    expect(notify).not.toHaveBeenCalled();
    expect(onUnauthenticated).not.toHaveBeenCalled();
  });

  it('turns a network failure into ApiError with status 0', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    const err = await http.get('/healthz').catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 0, code: 'internal' });
    expect(notify).toHaveBeenCalledTimes(1);
  });
});
