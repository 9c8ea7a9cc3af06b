// Field-level organization history turned into timeline entries: rows of one save (same
// time and actor) grouped together, and stored values rendered for display.
import type { DictName } from '@/api/dict';
import type { ChangeKind, OrgHistoryEntry } from '@/api/org';

export interface HistoryGroup {
  /** Stable key for v-for: time and actor. */
  key: string;
  at: string;
  actor_name: string;
  /** 'register' when the save registered the organization, else 'create' or 'update'. */
  change_kind: ChangeKind;
  changes: OrgHistoryEntry[];
}

const KIND_RANK: Record<ChangeKind, number> = {
  update: 0,
  request: 1,
  review_overdue: 1,
  create: 2,
  register: 3,
};

/**
 * Groups history rows by time + actor, newest group first; the rows of a group keep the
 * server's order. Rows of one save share their `at`, so one group is one save.
 */
export function groupHistory(items: readonly OrgHistoryEntry[]): HistoryGroup[] {
  const groups = new Map<string, HistoryGroup>();
  for (const it of items) {
    const key = `${it.at}|${it.actor_name}`;
    let g = groups.get(key);
    if (!g) {
      g = { key, at: it.at, actor_name: it.actor_name, change_kind: it.change_kind, changes: [] };
      groups.set(key, g);
    }
    if (KIND_RANK[it.change_kind] > KIND_RANK[g.change_kind]) g.change_kind = it.change_kind;
    g.changes.push(it);
  }
  return [...groups.values()].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

/** The dictionary that holds the codes of a field, if any. */
export const FIELD_DICT: Partial<Record<string, DictName>> = {
  kind: 'org_kind',
  status: 'org_status',
  origin: 'org_origin',
  grade: 'org_grade',
  guidance_category: 'guidance_category',
  domains: 'service_domain',
};

/** Fields whose stored value is "1" / "0". */
const BOOL_FIELDS = new Set(['published']);
/** Fields stored as a comma-separated list. */
const LIST_FIELDS = new Set(['domains', 'tags']);

export interface ValueLabels {
  dict: (dict: DictName, code: string) => string;
  yes: string;
  no: string;
  /** What to show for an empty value. */
  empty: string;
}

/** A stored history value for display: dictionary names, yes/no, lists joined with "、". */
export function historyValue(field: string, value: string, labels: ValueLabels): string {
  if (value === '') return labels.empty;
  if (BOOL_FIELDS.has(field)) return value === '1' ? labels.yes : labels.no;
  const dict = FIELD_DICT[field];
  if (LIST_FIELDS.has(field)) {
    return value
      .split(',')
      .filter((x) => x !== '')
      .map((x) => (dict ? labels.dict(dict, x) : x))
      .join('、');
  }
  return dict ? labels.dict(dict, value) : value;
}
