// Specification of a Home's edit form and history: only changed fields are sent, the masked
// phone is never sent back, bad input is caught naming the field, and the audited events
// read as a timeline.
import { describe, expect, it } from 'vitest';
import type { Home } from '@/api/homes';
import { checkHomeForm, homeFormOf, homeHistoryRows, homePatch } from './homeForm';

const home: Home = {
  id: 9,
  region_code: '440705001001',
  region_name: '北门社区',
  name: '北门社区妇女儿童之家',
  kind: 'women_children',
  address: '会城北门路 1 号',
  contact_name: '梁秀英',
  contact_phone: '138****1101',
  phone_unmasked: false,
  org_id: null,
  org_name: '',
  founded_on: '2014-03-08',
  status: 'active',
  opening_hours: '周二至周日',
  services: '家庭教育指导',
  area_m2: 260,
  star_level: 5,
  star_status: 'valid',
  star_valid_from: null,
  star_valid_until: null,
  funding_total_fen: 0,
  pending_assessments: 0,
  version: 4,
  updated_at: '2026-01-01T00:00:00Z',
};

describe('homePatch', () => {
  it('is empty when nothing changed, and never sends the masked phone back', () => {
    expect(homePatch(home, homeFormOf(home))).toEqual({});
  });

  it('sends the changed fields only, trimmed', () => {
    const f = homeFormOf(home);
    f.status = 'suspended';
    f.opening_hours = ' 周末 ';
    f.area_m2 = 300;
    f.org_id = 77;
    expect(homePatch(home, f)).toEqual({
      status: 'suspended',
      opening_hours: '周末',
      area_m2: 300,
      org_id: 77,
    });
  });

  it('sends a newly typed phone, or "" to remove the stored one', () => {
    const f = homeFormOf(home);
    f.new_phone = ' 13902701234 ';
    expect(homePatch(home, f)).toEqual({ contact_phone: '13902701234' });
    f.remove_phone = true;
    expect(homePatch(home, f)).toEqual({ contact_phone: '' });
    expect(homePatch({ ...home, contact_phone: '' }, f)).toEqual({});
  });

  it('unlinks the organization with null and clears the founding date with ""', () => {
    const linked = { ...home, org_id: 5 };
    const f = homeFormOf(linked);
    f.org_id = null;
    f.founded_on = '';
    expect(homePatch(linked, f)).toEqual({ org_id: null, founded_on: '' });
  });
});

describe('checkHomeForm', () => {
  it('accepts the stored Home', () => {
    expect(checkHomeForm(homeFormOf(home))).toBeNull();
  });

  it('names the field of the first problem', () => {
    const cases: [Partial<ReturnType<typeof homeFormOf>>, string][] = [
      [{ name: ' ' }, 'name'],
      [{ new_phone: '12-34' }, 'contact_phone'],
      [{ new_phone: '0750 330 1234x' }, 'contact_phone'],
      [{ founded_on: '2014/03/08' }, 'founded_on'],
      [{ area_m2: -1 }, 'area_m2'],
      [{ area_m2: 1.5 }, 'area_m2'],
    ];
    for (const [change, field] of cases)
      expect(checkHomeForm({ ...homeFormOf(home), ...change })?.field).toBe(field);
    expect(checkHomeForm({ ...homeFormOf(home), new_phone: '0750-3301234' })).toBeNull();
    expect(checkHomeForm({ ...homeFormOf(home), new_phone: 'x', remove_phone: true })).toBeNull();
  });
});

describe('homeHistoryRows', () => {
  const created = {
    at: '2026-01-01T08:00:00Z',
    actor_name: 'jm_staff',
    action: 'home.create',
    before: null,
    after: {
      id: 9,
      name: '北门',
      kind: 'women',
      address: '',
      contact_phone: '138****1101',
      version: 1,
    },
  };
  const updated = {
    at: '2026-02-01T08:00:00Z',
    actor_name: 'jm_admin',
    action: 'home.update',
    before: { name: '北门', status: 'active', contact_phone: '138****1101', version: 1 },
    after: { name: '北门', status: 'suspended', contact_phone: '139****1234', version: 2 },
  };
  const funded = {
    at: '2026-03-01T08:00:00Z',
    actor_name: 'jm_staff',
    action: 'home.funding_add',
    before: null,
    after: { year: 2026, amount_fen: 800000, source: '村自筹', note: '' },
  };

  it('lists the newest event first', () => {
    const rows = homeHistoryRows([created, updated, funded]);
    expect(rows.map((r) => r.kind)).toEqual(['funding_add', 'update', 'create']);
  });

  it('shows what an update changed, with masked phones only', () => {
    const [row] = homeHistoryRows([updated]);
    expect(row!.changes).toEqual([
      { field: 'status', before: 'active', after: 'suspended' },
      { field: 'contact_phone', before: '138****1101', after: '139****1234' },
    ]);
  });

  it('shows the fields a registration set, and the figures of funding', () => {
    const rows = homeHistoryRows([created, funded]);
    expect(rows[1]!.changes.map((c) => c.field)).toEqual(['name', 'kind', 'contact_phone']);
    expect(rows[0]!.changes.map((c) => c.field)).toEqual(['year', 'amount_fen', 'source']);
  });

  it('shows a revealed phone as an event without values', () => {
    const [row] = homeHistoryRows([
      {
        at: '2026-04-01T00:00:00Z',
        actor_name: 'a',
        action: 'home.phone_read',
        before: null,
        after: null,
      },
    ]);
    expect(row!.kind).toBe('phone_read');
    expect(row!.changes).toEqual([]);
  });
});
