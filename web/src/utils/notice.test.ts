import { describe, expect, it } from 'vitest';
import {
  badgeText,
  buildAudience,
  emptyAudienceForm,
  excerpt,
  isReminder,
  localized,
  parseOrgIds,
  readPercent,
} from './notice';

describe('audience form', () => {
  it('leaves out empty filters', () => {
    expect(buildAudience(emptyAudienceForm())).toEqual({});
    expect(buildAudience(emptyAudienceForm('440705000000'))).toEqual({ region: '440705000000' });
  });
  it('sends every filter that is set', () => {
    const f = {
      ...emptyAudienceForm('440705000000'),
      kinds: ['association'],
      statuses: ['active', 'incubating'],
      domains: ['family_education'],
      registered: 'false' as const,
      orgIds: '12, 34\n34',
    };
    expect(buildAudience(f)).toEqual({
      region: '440705000000',
      kinds: ['association'],
      statuses: ['active', 'incubating'],
      domains: ['family_education'],
      registered: false,
      org_ids: [12, 34],
    });
  });
  it('parses id lists with Chinese separators and rejects junk', () => {
    expect(parseOrgIds('1，2；3 4')).toEqual([1, 2, 3, 4]);
    expect(parseOrgIds('')).toEqual([]);
    expect(parseOrgIds('12 abc')).toBeNull();
  });
});

describe('receipts and badge', () => {
  it('computes read progress', () => {
    expect(readPercent({ recipients: 0, read: 0 })).toBe(0);
    expect(readPercent({ recipients: 3, read: 1 })).toBe(33);
    expect(readPercent({ recipients: 100000, read: 100000 })).toBe(100);
  });
  it('formats the unread badge', () => {
    expect(badgeText(0)).toBe('');
    expect(badgeText(7)).toBe('7');
    expect(badgeText(120)).toBe('99+');
  });
});

describe('display', () => {
  const n = { title: '年审提醒', body: '请提交', title_en: 'Review due', body_en: '' };
  it('picks the language with a fallback', () => {
    expect(localized(n, 'zh-CN')).toEqual({ title: '年审提醒', body: '请提交' });
    expect(localized(n, 'en')).toEqual({ title: 'Review due', body: '请提交' });
  });
  it('tells reminders from notices and shortens bodies', () => {
    expect(isReminder({ kind: 'notice' })).toBe(false);
    expect(isReminder({ kind: 'annual_review_due' })).toBe(true);
    expect(excerpt('一二三\n四五', 4)).toBe('一二三 …');
    expect(excerpt('短')).toBe('短');
  });
});
