// Specification of the organization API calls: query-string building and request shapes.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configureHttp } from './http';
import {
  approveChange,
  getOrg,
  importOrgs,
  listChangeRequests,
  listOrgs,
  listPublicOrgs,
  orgExportUrl,
  orgQuery,
  orgStats,
  orgTrend,
  proposeChange,
  rejectChange,
  statsExportUrl,
  updateOrg,
} from './org';

function jsonResponse(status: number, body: unknown) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

describe('orgQuery', () => {
  it('drops empty values and spells booleans true/false', () => {
    expect(
      orgQuery({
        q: '向日葵',
        region: '',
        kind: 'foundation',
        status: undefined,
        registered: false,
        cadre_user_id: null,
        sort: '-updated_at',
        page: 2,
        size: 50,
      }),
    ).toEqual({
      q: '向日葵',
      kind: 'foundation',
      registered: 'false',
      sort: '-updated_at',
      page: 2,
      size: 50,
    });
    expect(orgQuery({ registered: true })).toEqual({ registered: 'true' });
    expect(orgQuery({ registered: '' })).toEqual({});
  });
});

describe('organization calls', () => {
  const fetchMock = vi.fn();
  const notify = vi.fn();

  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
    fetchMock.mockReset();
    notify.mockReset();
    configureHttp({ csrfToken: () => 'tok', notify, onUnauthenticated: () => undefined });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('lists with every filter in the query string, URL-encoded', async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { items: [], total: 0, page: 1, size: 20 }));
    await listOrgs({
      q: '向日葵',
      region: '440705000000',
      kind: 'foundation',
      status: 'active',
      domain: 'child_care',
      registered: true,
      guidance_category: 'key_cultivation',
      founded_from: '2010-01-01',
      sort: 'name',
      page: 1,
      size: 20,
    });
    const url = new URL(fetchMock.mock.calls[0][0] as string, 'http://x');
    expect(url.pathname).toBe('/api/v1/orgs');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      q: '向日葵',
      region: '440705000000',
      kind: 'foundation',
      status: 'active',
      domain: 'child_care',
      registered: 'true',
      guidance_category: 'key_cultivation',
      founded_from: '2010-01-01',
      sort: 'name',
      page: '1',
      size: '20',
    });
    expect(fetchMock.mock.calls[0][0]).toContain('q=%E5%90%91%E6%97%A5%E8%91%B5');
  });

  it('sends no query string when no filter is set', async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { items: [], total: 0, page: 1, size: 20 }));
    await listOrgs({ q: '', kind: '', registered: '' });
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/orgs');
  });

  it('asks for the full phone number only when told to', async () => {
    fetchMock.mockImplementation(async () => jsonResponse(200, { id: 5 }));
    await getOrg(5);
    await getOrg(5, true);
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/orgs/5');
    expect(fetchMock.mock.calls[1][0]).toBe('/api/v1/orgs/5?unmask=contact_phone');
  });

  it('patches with the version and the changed fields, silently on error', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(409, { error: { code: 'conflict', message: 'stale' } }),
    );
    await expect(updateOrg(7, { version: 3, address: '会城' })).rejects.toMatchObject({
      code: 'conflict',
    });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/v1/orgs/7');
    expect(init.method).toBe('PATCH');
    expect(JSON.parse(init.body)).toEqual({ version: 3, address: '会城' });
    expect(init.headers['X-CSRF-Token']).toBe('tok');
    expect(notify).not.toHaveBeenCalled();
  });

  it('reads stats for a region or the caller’s own, and the public directory', async () => {
    fetchMock.mockImplementation(async () => jsonResponse(200, { region: {}, children: [] }));
    await orgStats();
    await orgStats('440705000000');
    await listPublicOrgs({ q: '妇女', page: 2 });
    expect(fetchMock.mock.calls.map((c) => c[0])).toEqual([
      '/api/v1/stats/orgs',
      '/api/v1/stats/orgs?region=440705000000',
      '/api/v1/public/orgs?q=%E5%A6%87%E5%A5%B3&page=2',
    ]);
  });
  it('reads the year trend for a region or the caller’s own', async () => {
    fetchMock.mockImplementation(async () => jsonResponse(200, { founded: [], registered: [] }));
    await orgTrend();
    await orgTrend('440705000000');
    expect(fetchMock.mock.calls.map((c) => c[0])).toEqual([
      '/api/v1/stats/orgs/trend',
      '/api/v1/stats/orgs/trend?region=440705000000',
    ]);
  });

  it('proposes a change silently, with only the given fields', async () => {
    fetchMock.mockResolvedValue(jsonResponse(201, { id: 9, status: 'pending' }));
    await proposeChange(7, { changes: { name: '新名' }, reason: '更名' });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/v1/orgs/7/change-requests');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body)).toEqual({ changes: { name: '新名' }, reason: '更名' });
    fetchMock.mockResolvedValue(
      jsonResponse(403, { error: { code: 'permission_denied', message: 'no', field: 'name' } }),
    );
    await expect(proposeChange(7, { changes: { name: 'x' } })).rejects.toMatchObject({
      field: 'name',
    });
    expect(notify).not.toHaveBeenCalled();
  });

  it('lists change requests by status and unwraps items', async () => {
    fetchMock.mockImplementation(async () => jsonResponse(200, { items: [{ id: 1 }] }));
    expect(await listChangeRequests('pending')).toEqual([{ id: 1 }]);
    await listChangeRequests();
    expect(fetchMock.mock.calls.map((c) => c[0])).toEqual([
      '/api/v1/change-requests?status=pending',
      '/api/v1/change-requests',
    ]);
  });

  it('approves with an optional note and rejects with a note', async () => {
    fetchMock.mockImplementation(async () => jsonResponse(200, { id: 3 }));
    await approveChange(3);
    await approveChange(3, '同意');
    await rejectChange(3, '材料不全');
    const calls = fetchMock.mock.calls.map(([url, init]) => [url, JSON.parse(init.body)]);
    expect(calls).toEqual([
      ['/api/v1/change-requests/3/approve', {}],
      ['/api/v1/change-requests/3/approve', { note: '同意' }],
      ['/api/v1/change-requests/3/reject', { note: '材料不全' }],
    ]);
  });

  it('reports a decided request as a conflict without a toast', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(409, { error: { code: 'conflict', message: 'already decided' } }),
    );
    await expect(approveChange(3)).rejects.toMatchObject({ status: 409, code: 'conflict' });
    expect(notify).not.toHaveBeenCalled();
  });
});

describe('statsExportUrl', () => {
  it('points at the figures export, with the region when given', () => {
    expect(statsExportUrl()).toBe('/api/v1/stats/orgs/export.xlsx');
    expect(statsExportUrl('440705000000')).toBe(
      '/api/v1/stats/orgs/export.xlsx?region=440705000000',
    );
  });
});

describe('org import and export', () => {
  const fetchMock = vi.fn();
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
    fetchMock.mockReset();
    configureHttp({ csrfToken: () => 'tok-imp', notify: () => undefined });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('posts the file as FormData with the CSRF header and no JSON content type', async () => {
    const answer = { dry_run: true, rows: 2, valid: 1, created: 1, updated: 0, issues: [] };
    fetchMock.mockResolvedValue(jsonResponse(200, answer));
    const file = new Blob(['名称(name)\n甲\n'], { type: 'text/csv' });
    await expect(importOrgs(file, true, 'orgs.csv')).resolves.toEqual(answer);
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/v1/orgs/import?dry_run=true');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    expect(init.headers['X-CSRF-Token']).toBe('tok-imp');
    expect(init.headers['Content-Type']).toBeUndefined();
    expect(init.body).toBeInstanceOf(FormData);
    const sent = (init.body as FormData).get('file');
    expect(sent).toBeInstanceOf(Blob);
    expect((sent as File).name).toBe('orgs.csv');
  });

  it('sends dry_run=false for the real run and rejects on 422 field file', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(422, {
        error: { code: 'invalid_argument', message: 'not a spreadsheet', field: 'file' },
      }),
    );
    const err = await importOrgs(new Blob(['x']), false).catch((e: unknown) => e);
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/orgs/import?dry_run=false');
    expect(err).toMatchObject({ status: 422, field: 'file' });
  });

  it('builds the export address from the filters without paging', () => {
    expect(orgExportUrl({})).toBe('/api/v1/orgs/export.xlsx');
    expect(
      orgExportUrl({ q: '会城', kind: 'foundation', registered: true, page: 3, size: 50 }),
    ).toBe('/api/v1/orgs/export.xlsx?q=%E4%BC%9A%E5%9F%8E&kind=foundation&registered=true');
  });
});
