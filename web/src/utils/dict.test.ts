// Specification of dictionary look-ups: names by language, unknown codes, display order.
import { describe, expect, it } from 'vitest';
import type { DictEntry, Dicts } from '@/api/dict';
import { dictLabel, entryName, nextSort, sortedEntries, validDictCode } from './dict';

const e = (code: string, name_zh: string, name_en: string, sort: number): DictEntry => ({
  code,
  name_zh,
  name_en,
  registered: false,
  sort,
});

const dicts: Partial<Dicts> = {
  org_kind: [
    e('foundation', '基金会', 'Foundation', 3),
    e('association', '社会团体', 'Association', 1),
  ],
  org_status: [e('active', '正常', 'Active', 1)],
};

describe('dictLabel', () => {
  it('gives the Chinese name for zh-CN and the English name for en', () => {
    expect(dictLabel(dicts, 'org_kind', 'foundation', 'zh-CN')).toBe('基金会');
    expect(dictLabel(dicts, 'org_kind', 'foundation', 'en')).toBe('Foundation');
  });

  it('falls back to the code when the code or the dictionaries are unknown', () => {
    expect(dictLabel(dicts, 'org_kind', 'mystery', 'zh-CN')).toBe('mystery');
    expect(dictLabel(dicts, 'service_domain', 'child_care', 'en')).toBe('child_care');
    expect(dictLabel(null, 'org_kind', 'foundation', 'zh-CN')).toBe('foundation');
  });

  it('gives an empty string for an empty value', () => {
    expect(dictLabel(dicts, 'org_kind', null, 'zh-CN')).toBe('');
    expect(dictLabel(dicts, 'org_kind', '', 'en')).toBe('');
  });
});

describe('entryName', () => {
  it('uses the other language when one name is missing', () => {
    expect(entryName(e('x', '', 'Only English', 1), 'zh-CN')).toBe('Only English');
    expect(entryName(e('x', '只有中文', '', 1), 'en')).toBe('只有中文');
  });
});

describe('sortedEntries', () => {
  it('orders by sort, then code, without changing the input', () => {
    const input = [e('b', 'B', 'B', 2), e('z', 'Z', 'Z', 1), e('a', 'A', 'A', 2)];
    expect(sortedEntries(input).map((x) => x.code)).toEqual(['z', 'a', 'b']);
    expect(input.map((x) => x.code)).toEqual(['b', 'z', 'a']);
    expect(sortedEntries(undefined)).toEqual([]);
  });
});

describe('validDictCode', () => {
  it('accepts 2–48 lower-case letters, digits or _ starting with a letter', () => {
    expect(validDictCode('rural_women2')).toBe(true);
    expect(validDictCode('ab')).toBe(true);
    expect(validDictCode('a'.repeat(48))).toBe(true);
  });

  it('rejects other forms', () => {
    for (const bad of ['a', '', '2abc', '_abc', 'Abc', 'ab-c', 'ab c', '妇女', 'a'.repeat(49)]) {
      expect(validDictCode(bad)).toBe(false);
    }
  });
});

describe('nextSort', () => {
  it('places a new entry after the largest sort value', () => {
    expect(nextSort(dicts.org_kind)).toBe(4);
    expect(nextSort([])).toBe(1);
    expect(nextSort(undefined)).toBe(1);
  });
});
