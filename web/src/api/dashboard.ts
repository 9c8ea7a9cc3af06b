// The home-page dashboard: the caller's to-do cards (count, link to the list
// with its filter, first five items) and the region's key figures with a
// five-year trend. Money is integer fen.
import { http } from './http';

export interface TodoItem {
  id: number;
  title: string;
  due?: string;
  link: string;
}

export interface TodoCard {
  key: string;
  label: string;
  label_en: string;
  count: number;
  link: string;
  items: TodoItem[];
}

export interface TrendPoint {
  year: number;
  value: number;
}

export interface Figure {
  key: string;
  label: string;
  label_en: string;
  value: number;
  unit: 'count' | 'fen';
  trend: TrendPoint[];
}

export interface Dashboard {
  region_code: string;
  todo: TodoCard[];
  figures: Figure[];
}

export const getDashboard = (region?: string) =>
  http.get<Dashboard>('/api/v1/dashboard', region ? { region } : undefined);
