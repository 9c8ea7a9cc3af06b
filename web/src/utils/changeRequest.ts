// Change requests of key organization fields: the payload with only the changed fields, and
// the rows (field, current value, proposed value) to show for a request.
import {
  CHANGE_REQUEST_FIELDS,
  type ChangeRequestField,
  type ChangeRequestStatus,
} from '@/api/org';

/** The key fields as text, as the change-request form edits them. */
export type KeyValues = Record<ChangeRequestField, string>;

/** The key fields of an organization ('' for an empty USCC). */
export function keyValuesOf(
  org: Partial<Record<ChangeRequestField, string | null>> | null | undefined,
): KeyValues {
  const out = {} as KeyValues;
  for (const f of CHANGE_REQUEST_FIELDS) out[f] = org?.[f] ?? '';
  return out;
}

/** How a proposed value is normalized: trimmed, and the USCC in upper case. */
export function normalizeKeyValue(field: ChangeRequestField, value: string | null | undefined) {
  const v = (value ?? '').trim();
  return field === 'uscc' ? v.toUpperCase() : v;
}

/**
 * The `changes` object of a change request: only the fields whose normalized value differs
 * from the current one, in the order name, uscc, kind, region_code. Empty when nothing changed.
 */
export function changePayload(
  current: Partial<KeyValues>,
  form: Partial<KeyValues>,
): Partial<KeyValues> {
  const out: Partial<KeyValues> = {};
  for (const f of CHANGE_REQUEST_FIELDS) {
    if (form[f] === undefined) continue;
    const next = normalizeKeyValue(f, form[f]);
    if (next !== normalizeKeyValue(f, current[f])) out[f] = next;
  }
  return out;
}

export interface ChangeRow {
  field: ChangeRequestField;
  /** The organization's value now, or null when not known. */
  current: string | null;
  proposed: string;
}

/** One row per proposed field, in the fixed field order; unknown fields are ignored. */
export function changeRows(
  changes: Partial<Record<string, string>>,
  current?: Partial<KeyValues> | null,
): ChangeRow[] {
  return CHANGE_REQUEST_FIELDS.filter((f) => changes[f] !== undefined).map((f) => ({
    field: f,
    current: current ? (current[f] ?? '') : null,
    proposed: changes[f] ?? '',
  }));
}

/** The Element Plus tag colour of a request's status. */
export function statusTagType(s: ChangeRequestStatus): 'warning' | 'success' | 'danger' {
  return s === 'approved' ? 'success' : s === 'rejected' ? 'danger' : 'warning';
}
