// Specification of change-request helpers: only changed key fields are proposed, and the
// rows shown for a request follow a fixed field order.
import { describe, expect, it } from 'vitest';
import { changePayload, changeRows, keyValuesOf, statusTagType } from './changeRequest';

const org = {
  name: '江门市向日葵家庭教育指导中心',
  uscc: '52440700MJ71349528',
  kind: 'social_service_agency',
  region_code: '440700000000',
  status: 'active',
};

describe('keyValuesOf', () => {
  it('takes the four key fields, an empty USCC as ""', () => {
    expect(keyValuesOf({ ...org, uscc: null })).toEqual({
      name: org.name,
      uscc: '',
      kind: org.kind,
      region_code: org.region_code,
    });
    expect(keyValuesOf(null)).toEqual({ name: '', uscc: '', kind: '', region_code: '' });
  });
});

describe('changePayload', () => {
  const current = keyValuesOf(org);

  it('is empty when nothing changed (whitespace and USCC case do not count)', () => {
    expect(changePayload(current, { ...current })).toEqual({});
    expect(
      changePayload(current, { ...current, name: `  ${org.name} `, uscc: org.uscc.toLowerCase() }),
    ).toEqual({});
  });

  it('holds only the changed fields, trimmed, the USCC in upper case', () => {
    expect(
      changePayload(current, {
        ...current,
        name: ' 江门市向日葵家庭教育服务中心 ',
        uscc: '52440700mj7134952x',
      }),
    ).toEqual({ name: '江门市向日葵家庭教育服务中心', uscc: '52440700MJ7134952X' });
    expect(changePayload(current, { ...current, region_code: '440705000000' })).toEqual({
      region_code: '440705000000',
    });
  });

  it('proposes clearing a field as ""', () => {
    expect(changePayload(current, { ...current, uscc: '  ' })).toEqual({ uscc: '' });
  });

  it('ignores fields the form does not hold', () => {
    expect(changePayload(current, { kind: 'foundation' })).toEqual({ kind: 'foundation' });
  });
});

describe('changeRows', () => {
  it('lists proposed fields in the order name, uscc, kind, region_code, skipping others', () => {
    const rows = changeRows({ region_code: '440705000000', name: '新名', status: 'x' });
    expect(rows).toEqual([
      { field: 'name', current: null, proposed: '新名' },
      { field: 'region_code', current: null, proposed: '440705000000' },
    ]);
  });

  it('adds the current values when known', () => {
    expect(changeRows({ uscc: '' }, keyValuesOf(org))).toEqual([
      { field: 'uscc', current: org.uscc, proposed: '' },
    ]);
  });
});

describe('statusTagType', () => {
  it('colours pending, approved and rejected', () => {
    expect(statusTagType('pending')).toBe('warning');
    expect(statusTagType('approved')).toBe('success');
    expect(statusTagType('rejected')).toBe('danger');
  });
});
