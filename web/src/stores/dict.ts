// Pinia store caching GET /api/v1/dicts for the session: entries in display order and
// display names in the current UI language.
import { defineStore } from 'pinia';
import { getDicts, type DictEntry, type DictName, type Dicts } from '@/api/dict';
import { i18n } from '@/locales';
import { dictLabel, sortedEntries } from '@/utils/dict';

let pending: Promise<void> | null = null;

export const useDictStore = defineStore('dict', {
  state: () => ({
    dicts: null as Dicts | null,
  }),
  getters: {
    loaded: (s) => s.dicts !== null,
  },
  actions: {
    /** Loads the dictionaries once (concurrent callers share the request); errors rethrow. */
    async load(silent = false): Promise<void> {
      if (this.dicts) return;
      if (!pending) {
        pending = getDicts(silent)
          .then((d) => {
            this.dicts = d;
          })
          .finally(() => {
            pending = null;
          });
      }
      return pending;
    },
    /** Drops the cache and loads again (after an admin changed a dictionary). */
    async reload(silent = false): Promise<void> {
      if (pending) await pending.catch(() => undefined);
      this.dicts = null;
      return this.load(silent);
    },
    /** Entries of one dictionary in display order ([] before loading). */
    entries(dict: DictName): DictEntry[] {
      return sortedEntries(this.dicts?.[dict]);
    },
    /** The display name of a code in the current language (the code itself when unknown). */
    label(dict: DictName, code: string | null | undefined): string {
      return dictLabel(this.dicts, dict, code, i18n.global.locale.value);
    },
    clear() {
      this.dicts = null;
    },
  },
});
