// Pure helpers of the home dashboard (see dashboard.test.ts): the label in the
// current language, a figure's value as text, and its trend as an ECharts line.
import type { Figure } from '@/api/dashboard';
import { formatFen } from './projects';

/** The label of a card or figure for `locale` (zh-CN unless English). */
export function pickLabel(x: { label: string; label_en: string }, locale: string): string {
  return locale === 'en' ? x.label_en : x.label;
}

/** 12345 → "12,345"; money (fen) → "1,234.56 <yuan>". */
export function figureText(f: Pick<Figure, 'unit' | 'value'>, yuan: string): string {
  if (f.unit === 'fen') return `${formatFen(f.value)} ${yuan}`;
  return f.value.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A small line chart of the five-year trend (money shown in yuan). */
export function trendOption(f: Figure, name: string) {
  const fen = f.unit === 'fen';
  return {
    grid: { left: 4, right: 4, top: 8, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: f.trend.map((p) => String(p.year)) },
    yAxis: { type: 'value', show: false },
    series: [
      {
        type: 'line',
        smooth: true,
        name,
        data: f.trend.map((p) => (fen ? p.value / 100 : p.value)),
      },
    ],
  };
}
