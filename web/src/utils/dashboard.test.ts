import { describe, expect, it } from 'vitest';
import { figureText, pickLabel, trendOption } from './dashboard';
import type { Figure } from '@/api/dashboard';

describe('dashboard helpers', () => {
  const card = { label: '待审定年审', label_en: 'Annual reviews to decide' };
  it('shows zh-CN first and English beside', () => {
    expect(pickLabel(card, 'zh-CN')).toBe('待审定年审');
    expect(pickLabel(card, 'en')).toBe('Annual reviews to decide');
  });
  it('formats counts with separators and money from fen', () => {
    expect(figureText({ unit: 'count', value: 1845 }, '元')).toBe('1,845');
    expect(figureText({ unit: 'count', value: 0 }, '元')).toBe('0');
    expect(figureText({ unit: 'fen', value: 114130000 }, '元')).toBe('1,141,300.00 元');
  });
  it('draws the trend by year, money in yuan', () => {
    const f: Figure = {
      key: 'projects_in_progress_fen',
      label: '',
      label_en: '',
      value: 500,
      unit: 'fen',
      trend: [
        { year: 2025, value: 100 },
        { year: 2026, value: 500 },
      ],
    };
    const o = trendOption(f, 'x');
    expect(o.xAxis.data).toEqual(['2025', '2026']);
    expect(o.series[0].data).toEqual([1, 5]);
  });
});
