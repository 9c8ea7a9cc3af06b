// Dictionary look-ups: display names by UI language, sorted entries, and value formatting.
import type { DictEntry, DictName, Dicts } from '@/api/dict';

/** The entry's name in the UI language (English for `en`, Chinese otherwise). */
export function entryName(e: DictEntry, locale: string): string {
  return locale === 'en' ? e.name_en || e.name_zh : e.name_zh || e.name_en;
}

/**
 * The display name of `code` in dictionary `dict`: '' for an empty code, and the code itself
 * when the dictionaries are not loaded or do not know it (so nothing disappears silently).
 */
export function dictLabel(
  dicts: Partial<Dicts> | null | undefined,
  dict: DictName,
  code: string | null | undefined,
  locale: string,
): string {
  if (!code) return '';
  const e = dicts?.[dict]?.find((x) => x.code === code);
  return e ? entryName(e, locale) : code;
}

/** Entries in display order: by `sort`, then by code. */
export function sortedEntries(entries: readonly DictEntry[] | undefined): DictEntry[] {
  return [...(entries ?? [])].sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code));
}

/** A code the server accepts for a new entry: 2–48 of a–z, 0–9, _ starting with a letter. */
export function validDictCode(code: string): boolean {
  return /^[a-z][a-z0-9_]{1,47}$/.test(code);
}

/** A sort value that places a new entry after the others (the largest plus one). */
export function nextSort(entries: readonly DictEntry[] | undefined): number {
  return Math.max(0, ...(entries ?? []).map((e) => e.sort)) + 1;
}
