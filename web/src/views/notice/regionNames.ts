// Region names for notice rows, looked up once per code and kept for the session.
import { reactive } from 'vue';
import { getRegion } from '@/api/region';

const names = reactive(new Map<string, string>());
const pending = new Set<string>();

/** The region's name, or its code until the lookup has answered. */
export function regionName(code: string): string {
  if (!code) return '';
  if (!names.has(code) && !pending.has(code)) {
    pending.add(code);
    getRegion(code)
      .then((r) => names.set(code, r.name))
      .catch(() => names.set(code, code))
      .finally(() => pending.delete(code));
  }
  return names.get(code) ?? code;
}
