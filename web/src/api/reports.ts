// The annual work report: every figure of a region and a span of years, computed from the
// records (money in fen), the records behind each figure, and the PDF/.xlsx downloads.
import { http } from './http';

export interface ReportFigure {
  key: string;
  section: string;
  label: string;
  label_en: string;
  value: number;
  previous: number;
  unit: 'count' | 'fen' | 'hours' | 'percent';
  link: string;
}

export interface ReportTable {
  key: string;
  title: string;
  title_en: string;
  columns: string[];
  columns_en: string[];
  units: string[];
  rows: string[][];
}

export interface AnnualReport {
  region: string;
  region_name: string;
  year: number;
  to: number;
  span: number;
  previous: { year: number; to: number };
  generated_at: string;
  figures: ReportFigure[];
  tables: ReportTable[];
}

export interface ReportQuery {
  region?: string;
  year: number;
  to?: number;
  span?: number;
}

export interface ReportRecord {
  kind: string;
  id: number;
  title: string;
  region_code: string;
  date: string;
  amount: number | null;
}

export interface ReportRecords {
  key: string;
  label: string;
  label_en: string;
  total: number;
  items: ReportRecord[];
}

function params(q: ReportQuery): Record<string, string | undefined> {
  return {
    region: q.region || undefined,
    year: String(q.year),
    to: q.to && q.to !== q.year ? String(q.to) : undefined,
    span: q.span ? String(q.span) : undefined,
  };
}

export function getAnnualReport(q: ReportQuery): Promise<AnnualReport> {
  return http.get<AnnualReport>('/api/v1/reports/annual', params(q));
}

export function getFigureRecords(q: ReportQuery, key: string): Promise<ReportRecords> {
  return http.get<ReportRecords>('/api/v1/reports/annual/records', { ...params(q), key });
}

/** Download address of the report as a file, for a plain link (the session cookie goes along). */
export function reportFileUrl(q: ReportQuery, ext: 'pdf' | 'xlsx'): string {
  const query = Object.entries(params(q))
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(v as string)}`)
    .join('&');
  return `/api/v1/reports/annual.${ext}?${query}`;
}

/** The page of a record behind a figure, or null when it has none. */
export function recordPath(r: ReportRecord): string | null {
  switch (r.kind) {
    case 'org':
      return `/orgs/${r.id}`;
    case 'project':
      return `/projects/${r.id}`;
    case 'residency':
      return `/residencies/${r.id}`;
    case 'base':
      return `/bases/${r.id}`;
    case 'training':
      return `/trainings/${r.id}`;
    case 'meeting':
      return `/meetings/${r.id}`;
    case 'competition':
      return `/competitions/${r.id}`;
    case 'home':
      return `/homes/${r.id}`;
    case 'party_branch':
      return `/party/${r.id}`;
    case 'internship_base':
      return `/internship-bases/${r.id}`;
    case 'survey':
      return `/surveys/${r.id}/results`;
    default:
      return null;
  }
}
