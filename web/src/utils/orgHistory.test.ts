// Specification of the history timeline helpers: grouping by save and value display.
import { describe, expect, it } from 'vitest';
import type { OrgHistoryEntry } from '@/api/org';
import { groupHistory, historyValue, type ValueLabels } from './orgHistory';

const row = (
  at: string,
  actor_name: string,
  change_kind: OrgHistoryEntry['change_kind'],
  field: string,
  old_value = '',
  new_value = '',
): OrgHistoryEntry => ({ at, actor_name, change_kind, field, old_value, new_value });

describe('groupHistory', () => {
  it('groups rows of one time and actor, newest first, keeping the row order', () => {
    const groups = groupHistory([
      row('2026-03-02T08:00:00.000Z', '陈雪梅', 'update', 'address', 'A', 'B'),
      row('2026-03-02T08:00:00.000Z', '陈雪梅', 'update', 'members', '10', '12'),
      row('2026-01-01T00:00:00.000Z', 'demo', 'create', 'name', '', '向日葵'),
      row('2026-03-05T09:30:00.000Z', '李慧敏', 'update', 'status', 'active', 'abnormal'),
    ]);
    expect(groups.map((g) => [g.actor_name, g.change_kind, g.changes.length])).toEqual([
      ['李慧敏', 'update', 1],
      ['陈雪梅', 'update', 2],
      ['demo', 'create', 1],
    ]);
    expect(groups[1].changes.map((c) => c.field)).toEqual(['address', 'members']);
    expect(groups[1].at).toBe('2026-03-02T08:00:00.000Z');
  });

  it('keeps two actors saving at the same moment apart', () => {
    const at = '2026-03-02T08:00:00.000Z';
    const groups = groupHistory([row(at, 'a', 'update', 'x'), row(at, 'b', 'update', 'y')]);
    expect(groups).toHaveLength(2);
    expect(new Set(groups.map((g) => g.key)).size).toBe(2);
  });

  it('marks a save that registered the organization as register', () => {
    const at = '2026-03-02T08:00:00.000Z';
    const [g] = groupHistory([
      row(at, 'a', 'register', 'kind', 'micro_org', 'association'),
      row(at, 'a', 'register', 'uscc', '', '51440700MJ0000000X'),
    ]);
    expect(g.change_kind).toBe('register');
  });

  it('gives no groups for no rows', () => {
    expect(groupHistory([])).toEqual([]);
  });
});

describe('historyValue', () => {
  const labels: ValueLabels = {
    dict: (d, code) => `${d}:${code}`,
    yes: '是',
    no: '否',
    empty: '（空）',
  };

  it('names dictionary codes, including each domain of a list', () => {
    expect(historyValue('kind', 'foundation', labels)).toBe('org_kind:foundation');
    expect(historyValue('domains', 'child_care,health', labels)).toBe(
      'service_domain:child_care、service_domain:health',
    );
  });

  it('shows booleans as yes/no, empty values as the empty label, tags and text as they are', () => {
    expect(historyValue('published', '1', labels)).toBe('是');
    expect(historyValue('published', '0', labels)).toBe('否');
    expect(historyValue('address', '', labels)).toBe('（空）');
    expect(historyValue('tags', '示范,孵化', labels)).toBe('示范、孵化');
    expect(historyValue('address', '会城街道 1 号', labels)).toBe('会城街道 1 号');
  });
});
