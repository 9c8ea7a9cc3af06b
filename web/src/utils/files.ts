// Pure helpers for attachments: human-readable sizes and the extension allow
// list mirrored from the server (src/files/content_check.cpp), so the picker
// can refuse obviously wrong files before uploading. The server decides.

/** Extensions the server accepts (content is checked there too). */
export const ALLOWED_EXTENSIONS = [
  'pdf',
  'png',
  'jpg',
  'jpeg',
  'gif',
  'webp',
  'docx',
  'xlsx',
  'pptx',
  'doc',
  'xls',
  'ppt',
  'txt',
  'csv',
] as const;

/** The server's default limit for one file (file_max_bytes). */
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

/** `1.5 MB`-style size with binary units: B, KB, MB, GB. */
export function formatSize(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v >= 10 ? Math.round(v) : Math.round(v * 10) / 10} ${units[i]}`;
}

/** Lower-case extension without the dot, '' when there is none. */
export function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  if (dot <= 0 || dot === base.length - 1) return '';
  return base.slice(dot + 1).toLowerCase();
}

/**
 * Whether `name` passes an `accept` list like ".pdf,.docx" (empty = the server's
 * allow list). MIME entries (image/*) are ignored: the server checks content.
 */
export function extensionAllowed(name: string, accept?: string): boolean {
  const ext = extensionOf(name);
  if (!ext) return false;
  const fromAccept = (accept ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.startsWith('.'))
    .map((s) => s.slice(1));
  const list: readonly string[] = fromAccept.length > 0 ? fromAccept : ALLOWED_EXTENSIONS;
  return list.includes(ext);
}

/** The `accept` attribute for the server's allow list. */
export function defaultAccept(): string {
  return ALLOWED_EXTENSIONS.map((e) => `.${e}`).join(',');
}
