// How the organization fields are grouped and edited on the detail page and in the form.
import type { DictName } from '@/api/dict';
import type { OrgField } from '@/api/org';

export type FieldKind =
  'text' | 'textarea' | 'dict' | 'date' | 'int' | 'id' | 'region' | 'domains' | 'tags' | 'bool';

export interface FieldSpec {
  name: OrgField;
  kind: FieldKind;
  dict?: DictName;
  /** Needed for every organization (the server also requires a USCC for registered kinds). */
  required?: boolean;
  /** Takes a whole form row. */
  wide?: boolean;
}

export type GroupKey = 'basic' | 'registration' | 'people' | 'guidance';

export const FIELD_GROUPS: { key: GroupKey; fields: FieldSpec[] }[] = [
  {
    key: 'basic',
    fields: [
      { name: 'name', kind: 'text', required: true, wide: true },
      { name: 'kind', kind: 'dict', dict: 'org_kind', required: true },
      { name: 'status', kind: 'dict', dict: 'org_status', required: true },
      { name: 'uscc', kind: 'text' },
      { name: 'region_code', kind: 'region', required: true },
      { name: 'origin', kind: 'dict', dict: 'org_origin' },
      { name: 'founded_on', kind: 'date' },
      { name: 'domains', kind: 'domains', dict: 'service_domain', wide: true },
      { name: 'tags', kind: 'tags', wide: true },
    ],
  },
  {
    key: 'registration',
    fields: [
      { name: 'registration_authority', kind: 'text' },
      { name: 'registered_on', kind: 'date' },
      { name: 'supervising_unit', kind: 'text' },
      { name: 'grade', kind: 'dict', dict: 'org_grade' },
      { name: 'grade_valid_until', kind: 'date' },
    ],
  },
  {
    key: 'people',
    fields: [
      { name: 'members', kind: 'int' },
      { name: 'staff', kind: 'int' },
      { name: 'volunteers', kind: 'int' },
      { name: 'contact_name', kind: 'text' },
      { name: 'contact_phone', kind: 'text' },
      { name: 'address', kind: 'text', wide: true },
      { name: 'website', kind: 'text' },
      { name: 'wechat', kind: 'text' },
      { name: 'published', kind: 'bool' },
      { name: 'public_contact', kind: 'text' },
    ],
  },
  {
    key: 'guidance',
    fields: [
      { name: 'guidance_category', kind: 'dict', dict: 'guidance_category' },
      { name: 'department', kind: 'text' },
      { name: 'cadre_user_id', kind: 'id' },
      { name: 'guidance_notes', kind: 'textarea', wide: true },
    ],
  },
];

export const ALL_FIELDS: FieldSpec[] = FIELD_GROUPS.flatMap((g) => g.fields);
