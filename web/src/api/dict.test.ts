// Specification of the dictionary administration calls: paths, bodies, silent errors.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configureHttp } from './http';
import { addDictEntry, editDictEntry } from './dict';

describe('dictionary administration', () => {
  const fetchMock = vi.fn();
  const notify = vi.fn();

  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
    fetchMock.mockReset();
    notify.mockReset();
    configureHttp({ csrfToken: () => 'tok', notify, onUnauthenticated: () => undefined });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('adds an entry with POST /dicts/{dict}', async () => {
    fetchMock.mockResolvedValue(
      new Response('{"dict":"org_kind","code":"rural"}', { status: 201 }),
    );
    await addDictEntry('org_kind', {
      code: 'rural',
      name_zh: '农村妇女组织',
      name_en: 'Rural women’s group',
      sort: 8,
      registered: false,
    });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/v1/dicts/org_kind');
    expect(init.method).toBe('POST');
    expect(init.headers['X-CSRF-Token']).toBe('tok');
    expect(JSON.parse(init.body)).toMatchObject({ code: 'rural', sort: 8, registered: false });
  });

  it('edits or retires an entry with PATCH /dicts/{dict}/{code} (204)', async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
    await expect(
      editDictEntry('service_domain', 'health', {
        name_zh: '健康',
        name_en: 'Health',
        sort: 3,
        active: false,
      }),
    ).resolves.toBeUndefined();
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/v1/dicts/service_domain/health');
    expect(init.method).toBe('PATCH');
    expect(JSON.parse(init.body)).toEqual({
      name_zh: '健康',
      name_en: 'Health',
      sort: 3,
      active: false,
    });
  });

  it('rejects silently with the field the server names', async () => {
    fetchMock.mockResolvedValue(
      new Response(
        JSON.stringify({ error: { code: 'already_exists', message: 'taken', field: 'code' } }),
        { status: 409 },
      ),
    );
    await expect(
      addDictEntry('org_origin', { code: 'incubated', name_zh: 'x', name_en: 'x' }),
    ).rejects.toMatchObject({ code: 'already_exists', field: 'code' });
    expect(notify).not.toHaveBeenCalled();
  });
});
