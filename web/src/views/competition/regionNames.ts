// Region names for the codes a competition's rules mention (eligible regions,
// quotas), looked up once per code and shared by the pages of this folder.
import { reactive } from 'vue';
import { getRegion } from '@/api/region';

const names = reactive<Record<string, string>>({});
const asked = new Set<string>();

/** Names known so far (the code itself until its name arrives). */
export function regionName(code: string): string {
  return names[code] ?? code;
}

/** Looks up the names of `codes` not asked for yet; failures leave the code shown. */
export function loadRegionNames(codes: readonly string[]): void {
  for (const code of codes) {
    if (!code || asked.has(code)) continue;
    asked.add(code);
    getRegion(code, true)
      .then((r) => {
        names[code] = r.name;
      })
      .catch(() => undefined);
  }
}

/** Remembers names already at hand (region option lists). */
export function rememberRegionNames(items: readonly { code: string; name: string }[]): void {
  for (const r of items) {
    names[r.code] = r.name;
    asked.add(r.code);
  }
}
