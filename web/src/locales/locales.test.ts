// The zh-CN and en message files must define exactly the same keys, and every API error code.
import { describe, expect, it } from 'vitest';
import { MESSAGES, MODULE_FILES } from './messages';
import { ERROR_CODES } from '@/api/http';
import { ROLES } from '@/api/auth';

function flatKeys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => flatKeys(v, prefix ? `${prefix}.${k}` : k));
}

function leafValues(obj: unknown): unknown[] {
  if (typeof obj !== 'object' || obj === null) return [obj];
  return Object.values(obj).flatMap(leafValues);
}

describe('locale files', () => {
  const zhCN = MESSAGES['zh-CN'];
  const en = MESSAGES.en;

  it('come in zh-CN/en pairs for every module', () => {
    const names = (suffix: string) =>
      MODULE_FILES.filter((f) => f.endsWith(suffix)).map((f) => f.replace(suffix, ''));
    expect(names('.zh-CN.json').sort()).toEqual(names('.en.json').sort());
  });

  const zhKeys = flatKeys(zhCN).sort();
  const enKeys = flatKeys(en).sort();

  it('have no key in zh-CN that is missing in en', () => {
    expect(zhKeys.filter((k) => !enKeys.includes(k))).toEqual([]);
  });

  it('have no key in en that is missing in zh-CN', () => {
    expect(enKeys.filter((k) => !zhKeys.includes(k))).toEqual([]);
  });

  it('have only non-empty string messages', () => {
    for (const v of [...leafValues(zhCN), ...leafValues(en)]) {
      expect(typeof v).toBe('string');
      expect((v as string).trim()).not.toBe('');
    }
  });

  it('name every API error code, role and region level', () => {
    const required = [
      ...ERROR_CODES.map((c) => `error.${c}`),
      ...ROLES.map((r) => `role.${r}`),
      ...[1, 2, 3, 4, 5].map((l) => `region.level.${l}`),
    ];
    for (const key of required) {
      expect(zhKeys).toContain(key);
      expect(enKeys).toContain(key);
    }
  });
});
