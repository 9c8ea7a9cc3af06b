// A Home's edit dialog and its history timeline: the form model, the PATCH body of only
// the changed fields (the masked phone is sent only when a new one was typed or it is
// removed), the checks made before sending, and the audited events shaped for display.
// Pure helpers (see homeForm.test.ts).
import type { Home, HomeHistoryEntry, HomeInput, HomeKind, HomeStatus } from '@/api/homes';

export interface HomeForm {
  name: string;
  kind: HomeKind;
  status: HomeStatus;
  region_code: string;
  address: string;
  contact_name: string;
  /** A new phone number; '' keeps the stored (masked) one. */
  new_phone: string;
  remove_phone: boolean;
  org_id: number | null;
  /** YYYY-MM-DD or '' (null when the date picker was cleared). */
  founded_on: string | null;
  opening_hours: string;
  services: string;
  area_m2: number;
}

export function homeFormOf(h: Home): HomeForm {
  return {
    name: h.name,
    kind: h.kind,
    status: h.status,
    region_code: h.region_code,
    address: h.address,
    contact_name: h.contact_name,
    new_phone: '',
    remove_phone: false,
    org_id: h.org_id,
    founded_on: h.founded_on ?? '',
    opening_hours: h.opening_hours,
    services: h.services,
    area_m2: h.area_m2,
  };
}

const TEXT = [
  'name',
  'kind',
  'status',
  'region_code',
  'address',
  'contact_name',
  'opening_hours',
  'services',
] as const;

/** The PATCH body (without the version): only what differs from the stored Home. */
export function homePatch(h: Home, f: HomeForm): HomeInput {
  const out: HomeInput = {};
  const put = out as Record<string, unknown>;
  for (const k of TEXT) {
    const v = f[k].trim();
    if (v !== (h[k] ?? '')) put[k] = v;
  }
  const founded = (f.founded_on ?? '').trim();
  if (founded !== (h.founded_on ?? '')) out.founded_on = founded;
  if (f.area_m2 !== h.area_m2) out.area_m2 = f.area_m2;
  if ((f.org_id ?? null) !== (h.org_id ?? null)) out.org_id = f.org_id ?? null;
  if (f.remove_phone) {
    if (h.contact_phone) out.contact_phone = '';
  } else if (f.new_phone.trim()) {
    out.contact_phone = f.new_phone.trim();
  }
  return out;
}

/** The first problem of the form: the field (as the API names it) and the i18n key. */
export function checkHomeForm(f: HomeForm): { field: string; key: string } | null {
  if (!f.name.trim()) return { field: 'name', key: 'homes.check.name' };
  const phone = f.new_phone.trim();
  if (!f.remove_phone && phone) {
    const digits = phone.replace(/[-\s+]/g, '');
    if (!/^\d{7,15}$/.test(digits)) return { field: 'contact_phone', key: 'homes.check.phone' };
  }
  const d = (f.founded_on ?? '').trim();
  if (d && (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`))))
    return { field: 'founded_on', key: 'homes.check.date' };
  if (!Number.isInteger(f.area_m2) || f.area_m2 < 0 || f.area_m2 > 1000000)
    return { field: 'area_m2', key: 'homes.check.area' };
  return null;
}

export interface HistoryChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface HistoryRow {
  key: string;
  at: string;
  actor_name: string;
  /** The action without its "home." prefix: create, update, phone_read, funding_add, … */
  kind: string;
  changes: HistoryChange[];
}

/** The registry fields in display order. */
export const HOME_FIELDS = [
  'name',
  'kind',
  'status',
  'region_code',
  'address',
  'contact_name',
  'contact_phone',
  'org_id',
  'founded_on',
  'opening_hours',
  'services',
  'area_m2',
] as const;

/** What each kind of event shows of its record. */
const SHOWN: Record<string, readonly string[]> = {
  assessment_record: ['assessed_on', 'total_points', 'star_level'],
  assessment_approve: ['star_level', 'valid_from', 'valid_until', 'decision_note'],
  assessment_reject: ['star_level', 'decision_note'],
  funding_add: ['year', 'amount_fen', 'source'],
};

const empty = (v: unknown) => v === null || v === undefined || v === '';

/** The timeline rows, newest first: a create lists the fields it set, an update what changed. */
export function homeHistoryRows(items: readonly HomeHistoryEntry[]): HistoryRow[] {
  const rows = items.map((e, i) => {
    const kind = e.action.replace(/^home\./, '');
    let changes: HistoryChange[] = [];
    if (kind === 'update') {
      changes = HOME_FIELDS.filter(
        (f) => JSON.stringify(e.before?.[f] ?? null) !== JSON.stringify(e.after?.[f] ?? null),
      ).map((f) => ({ field: f, before: e.before?.[f] ?? null, after: e.after?.[f] ?? null }));
    } else if (kind === 'create') {
      changes = HOME_FIELDS.filter((f) => !empty(e.after?.[f])).map((f) => ({
        field: f,
        before: null,
        after: e.after?.[f],
      }));
    } else if (SHOWN[kind]) {
      changes = SHOWN[kind]
        .filter((f) => !empty(e.after?.[f]))
        .map((f) => ({ field: f, before: null, after: e.after?.[f] }));
    }
    return { key: `${i}|${e.at}`, at: e.at, actor_name: e.actor_name, kind, changes };
  });
  return rows.reverse();
}
