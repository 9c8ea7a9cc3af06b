// The competition set-up form (create, edit before the freeze, amendment after it):
// the form model, its JSON body for POST/PATCH/amendments, the client-side checks,
// where a server error's field shows in the form, and the changes an amendment made.
// Pure helpers (see competitionForm.test.ts).
import type { Competition, Criterion } from '@/api/competitions';
import { fenToYuan, yuanToFen } from './projects';

export const DATE_FIELDS = [
  'apply_opens_at',
  'apply_closes_at',
  'qualify_closes_at',
  'scoring_closes_at',
  'voting_opens_at',
  'voting_closes_at',
  'results_at',
] as const;
export type DateField = (typeof DATE_FIELDS)[number];

export const GRADES = ['1A', '2A', '3A', '4A', '5A'] as const;

export interface QuotaRow {
  region_code: string;
  count: number;
}

export interface CompetitionForm {
  name: string;
  series: string;
  description: string;
  year: number;
  region_code: string;
  /** Yuan as typed. */
  pool: string;
  budget_pool_id: number | null;
  expert_weight_pct: number;
  matching_ratio_pct: number;
  counts_hidden: boolean;
  kinds: string[];
  regions: string[];
  /** '' for no minimum grade. */
  min_grade: string;
  exclude_abnormal: boolean;
  cutoff: 'skip' | 'stop';
  quotas: QuotaRow[];
  max_entries_per_day: number;
  criteria: Criterion[];
  /** Date objects from the pickers, RFC 3339 text from the server, or null. */
  dates: Record<DateField, Date | string | null>;
}

/** A new competition's form with the server's defaults. */
export function emptyForm(year: number, region: string): CompetitionForm {
  return {
    name: '',
    series: '',
    description: '',
    year,
    region_code: region,
    pool: '',
    budget_pool_id: null,
    expert_weight_pct: 70,
    matching_ratio_pct: 0,
    counts_hidden: true,
    kinds: [],
    regions: [],
    min_grade: '',
    exclude_abnormal: true,
    cutoff: 'skip',
    quotas: [],
    max_entries_per_day: 3,
    criteria: [
      { code: 'need', name: '', weight: 30 },
      { code: 'plan', name: '', weight: 40 },
      { code: 'budget', name: '', weight: 30 },
    ],
    dates: Object.fromEntries(DATE_FIELDS.map((d) => [d, null])) as Record<
      DateField,
      Date | string | null
    >,
  };
}

/** The form of an existing competition. */
export function formFromCompetition(k: Competition): CompetitionForm {
  return {
    name: k.name,
    series: k.series ?? '',
    description: k.description ?? '',
    year: k.year,
    region_code: k.region_code,
    pool: k.pool_fen ? String(fenToYuan(k.pool_fen)) : '0',
    budget_pool_id: k.budget_pool_id,
    expert_weight_pct: k.expert_weight_pct,
    matching_ratio_pct: k.matching_ratio_pct,
    counts_hidden: k.counts_hidden,
    kinds: [...(k.eligibility?.kinds ?? [])],
    regions: [...(k.eligibility?.regions ?? [])],
    min_grade: k.eligibility?.min_grade ?? '',
    exclude_abnormal: k.eligibility?.exclude_abnormal ?? true,
    cutoff: k.award_rule?.cutoff === 'stop' ? 'stop' : 'skip',
    quotas: Object.entries(k.award_rule?.region_quotas ?? {}).map(([region_code, count]) => ({
      region_code,
      count,
    })),
    max_entries_per_day: k.vote_rules?.max_entries_per_day ?? 3,
    criteria: k.criteria.map((c) => ({ ...c })),
    dates: Object.fromEntries(DATE_FIELDS.map((d) => [d, k[d]])) as Record<
      DateField,
      Date | string | null
    >,
  };
}

/** A picker value as RFC 3339 UTC without milliseconds; '' when empty or invalid. */
export function toRfc3339(v: Date | string | null | undefined): string {
  if (v === null || v === undefined || v === '') return '';
  const d = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(d.getTime())) return '';
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Pool text → fen: '' and '0' are 0, anything else must be a yuan amount (else null). */
export function poolFen(text: string): number | null {
  const s = text.trim();
  if (s === '' || /^0+(\.0{1,2})?$/.test(s)) return 0;
  return yuanToFen(s);
}

/** The whole request body of the form (what POST and PATCH take). */
export function toPayload(f: CompetitionForm): Record<string, unknown> {
  const quotas: Record<string, number> = {};
  for (const q of f.quotas) if (q.region_code) quotas[q.region_code] = Number(q.count) || 0;
  return {
    name: f.name.trim(),
    series: f.series.trim(),
    description: f.description,
    year: f.year,
    region_code: f.region_code,
    pool_fen: poolFen(f.pool) ?? 0,
    budget_pool_id: f.budget_pool_id ?? null,
    expert_weight_pct: f.expert_weight_pct,
    vote_weight_pct: 100 - f.expert_weight_pct,
    matching_ratio_pct: f.matching_ratio_pct,
    counts_hidden: f.counts_hidden,
    eligibility: {
      kinds: [...f.kinds],
      regions: [...f.regions],
      min_grade: f.min_grade || null,
      exclude_abnormal: f.exclude_abnormal,
    },
    award_rule: { cutoff: f.cutoff, region_quotas: quotas },
    vote_rules: { max_entries_per_day: f.max_entries_per_day, per_entry_per_day: 1 },
    criteria: f.criteria.map((c) => ({ code: c.code, name: c.name.trim(), weight: c.weight })),
    ...Object.fromEntries(DATE_FIELDS.map((d) => [d, toRfc3339(f.dates[d])])),
  };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}
/** Objects with sorted keys, so key order does not count as a change. */
function normalise(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalise);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .map((k) => [k, normalise((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/** The top-level fields of `payload` that differ from the competition as stored. */
export function changedFields(
  payload: Record<string, unknown>,
  k: Competition,
): Record<string, unknown> {
  const stored = toPayload(formFromCompetition(k));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(payload)) if (!same(v, stored[key])) out[key] = v;
  return out;
}

/** A client-side problem: the form item it belongs to and the i18n key of its message. */
export interface FormProblem {
  field: string;
  key: string;
  params?: Record<string, unknown>;
}

/** The first problem the server would refuse too, checked before sending. */
export function checkForm(f: CompetitionForm): FormProblem | null {
  if (!f.name.trim()) return { field: 'name', key: 'competitions.check.name' };
  if (poolFen(f.pool) === null) return { field: 'pool_fen', key: 'competitions.check.pool' };
  const sum = f.criteria.reduce((s, c) => s + (Number(c.weight) || 0), 0);
  if (f.criteria.some((c) => !c.name.trim()))
    return { field: 'criteria', key: 'competitions.check.criterionName' };
  if (sum !== 100)
    return { field: 'criteria', key: 'competitions.check.weights', params: { n: sum } };
  const seen = new Set<string>();
  for (const q of f.quotas) {
    if (!q.region_code)
      return { field: 'award_rule.region_quotas', key: 'competitions.check.quotaRegion' };
    if (seen.has(q.region_code))
      return { field: 'award_rule.region_quotas', key: 'competitions.check.quotaTwice' };
    seen.add(q.region_code);
  }
  for (const d of DATE_FIELDS)
    if (!toRfc3339(f.dates[d])) return { field: d, key: 'competitions.check.date' };
  for (let i = 1; i < DATE_FIELDS.length; i++) {
    const prev = Date.parse(toRfc3339(f.dates[DATE_FIELDS[i - 1]!]));
    const cur = Date.parse(toRfc3339(f.dates[DATE_FIELDS[i]!]));
    const strict = i === 1 || DATE_FIELDS[i] === 'voting_closes_at';
    if (cur < prev || (strict && cur === prev))
      return {
        field: DATE_FIELDS[i]!,
        key: 'competitions.check.dateOrder',
        params: { prev: DATE_FIELDS[i - 1] },
      };
  }
  return null;
}

/**
 * The form item where a server error naming `field` shows: "criteria[1].weight" → "criteria",
 * "award_rule.region_quotas.440705000000" → "award_rule.region_quotas", either weight → "weights".
 */
export function formItemOf(field: string | undefined | null): string {
  if (!field) return '';
  if (field.startsWith('criteria')) return 'criteria';
  if (field === 'expert_weight_pct' || field === 'vote_weight_pct') return 'weights';
  if (field.startsWith('award_rule.region_quotas')) return 'award_rule.region_quotas';
  if (field.startsWith('vote_rules.')) return 'vote_rules';
  if (field === 'eligibility') return 'eligibility.kinds';
  return field;
}

/** One changed rule of an amendment, with the stored values before and after. */
export interface RuleChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** Fields of an amendment's before/after record, in the order the form shows them. */
const CHANGE_FIELDS = [
  'name',
  'region_code',
  'pool_fen',
  'eligibility.kinds',
  'eligibility.regions',
  'eligibility.min_grade',
  'eligibility.exclude_abnormal',
  'matching_ratio_pct',
  'expert_weight_pct',
  'vote_weight_pct',
  'criteria',
  'award_rule.cutoff',
  'award_rule.region_quotas',
  'vote_rules.max_entries_per_day',
  'counts_hidden',
  ...DATE_FIELDS,
];

function pick(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const part of path.split('.')) {
    if (!v || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** What an amendment changed (the record's version and state left out). */
export function ruleChanges(before: unknown, after: unknown): RuleChange[] {
  return CHANGE_FIELDS.flatMap((field) => {
    const b = pick(before, field);
    const a = pick(after, field);
    return same(b, a) ? [] : [{ field, before: b ?? null, after: a ?? null }];
  });
}

/** Labels the display of a changed value needs (translated by the caller). */
export interface ValueText {
  yes: string;
  no: string;
  none: string;
  skip: string;
  stop: string;
  /** Dates of the record are epoch seconds. */
  time: (epochSeconds: number) => string;
  money: (fen: number) => string;
  kind: (code: string) => string;
  region: (code: string) => string;
}

/** A stored rule value for display. */
export function ruleValue(field: string, v: unknown, tx: ValueText): string {
  if (v === null || v === undefined || v === '') return tx.none;
  if (typeof v === 'boolean') return v ? tx.yes : tx.no;
  if ((DATE_FIELDS as readonly string[]).includes(field) && typeof v === 'number')
    return tx.time(v);
  if (field === 'pool_fen' && typeof v === 'number') return tx.money(v);
  if (field.endsWith('_pct') && typeof v === 'number') return `${v}%`;
  if (field === 'award_rule.cutoff') return v === 'stop' ? tx.stop : tx.skip;
  if (field === 'eligibility.kinds' && Array.isArray(v))
    return v.length ? v.map((c) => tx.kind(String(c))).join('、') : tx.none;
  if ((field === 'eligibility.regions' || field === 'region_code') && Array.isArray(v))
    return v.length ? v.map((c) => tx.region(String(c))).join('、') : tx.none;
  if (field === 'region_code') return tx.region(String(v));
  if (field === 'award_rule.region_quotas' && typeof v === 'object') {
    const e = Object.entries(v as Record<string, number>);
    return e.length ? e.map(([c, n]) => `${tx.region(c)} ${n}`).join('、') : tx.none;
  }
  if (field === 'criteria' && Array.isArray(v))
    return v.map((c: Criterion) => `${c.name} ${c.weight}%`).join('、');
  return String(v);
}
