// Specification of the region helpers: level names, levels implied by codes, path labels.
import { describe, expect, it } from 'vitest';
import { i18n } from '@/locales';
import { isRegionLevel, levelKey, levelOfCode, pathLabel } from './region';

describe('levelKey', () => {
  it.each([
    [1, '省', 'Province'],
    [2, '市', 'City'],
    [3, '区县', 'County/District'],
    [4, '镇街', 'Town/Street'],
    [5, '村居', 'Village/Community'],
  ])('names level %i as %s / %s', (level, zh, en) => {
    expect(levelKey(level)).toBe(`region.level.${level}`);
    expect(i18n.global.t(levelKey(level), {}, { locale: 'zh-CN' })).toBe(zh);
    expect(i18n.global.t(levelKey(level), {}, { locale: 'en' })).toBe(en);
  });

  it.each([0, 6, 2.5, '3', null, undefined])('maps the invalid level %s to unknownLevel', (v) => {
    expect(isRegionLevel(v)).toBe(false);
    expect(levelKey(v)).toBe('region.unknownLevel');
  });
});

describe('levelOfCode', () => {
  it.each([
    ['440000000000', 1],
    ['440700000000', 2],
    ['440705000000', 3],
    ['440705001000', 4],
    ['440705001001', 5],
  ])('reads %s as level %i', (code, level) => {
    expect(levelOfCode(code)).toBe(level);
  });

  it.each(['4407', '44070500000a', '', '4407050000001'])('rejects malformed code %s', (code) => {
    expect(levelOfCode(code)).toBeNull();
  });
});

describe('pathLabel', () => {
  it('joins names root to self', () => {
    expect(pathLabel([{ name: '江门市' }, { name: '新会区' }, { name: '会城街道' }])).toBe(
      '江门市 / 新会区 / 会城街道',
    );
    expect(pathLabel([])).toBe('');
  });
});
