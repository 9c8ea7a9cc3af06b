// All UI messages: the core files (zh-CN.json, en.json) plus one pair of files
// per capability under modules/ (<module>.zh-CN.json, <module>.en.json), each
// with its own top-level namespace so capabilities never edit the same file.
import zhCN from './zh-CN.json';
import en from './en.json';

type Tree = { [key: string]: string | Tree };

const modules = import.meta.glob<Tree>('./modules/*.json', { eager: true, import: 'default' });

function merge(target: Tree, source: Tree, where: string): Tree {
  for (const [k, v] of Object.entries(source)) {
    const existing = target[k];
    if (typeof v === 'object' && typeof existing === 'object') {
      merge(existing, v, `${where}.${k}`);
    } else if (existing !== undefined) {
      throw new Error(`locale key ${where}.${k} is defined twice`);
    } else {
      target[k] = typeof v === 'object' ? structuredClone(v) : v;
    }
  }
  return target;
}

function build(locale: 'zh-CN' | 'en', core: Tree): Tree {
  const out = structuredClone(core);
  for (const [file, tree] of Object.entries(modules)) {
    if (file.endsWith(`.${locale}.json`)) merge(out, tree, file);
  }
  return out;
}

export const MESSAGES = { 'zh-CN': build('zh-CN', zhCN as Tree), en: build('en', en as Tree) };
/** Module files found (for the parity test). */
export const MODULE_FILES = Object.keys(modules);
