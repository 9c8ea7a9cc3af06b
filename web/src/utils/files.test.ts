import { describe, expect, it } from 'vitest';
import {
  defaultAccept,
  extensionAllowed,
  extensionOf,
  formatSize,
  ALLOWED_EXTENSIONS,
} from './files';

describe('formatSize', () => {
  it('uses bytes below 1 KB and binary units above', () => {
    expect(formatSize(0)).toBe('0 B');
    expect(formatSize(1023)).toBe('1023 B');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(20 * 1024 * 1024)).toBe('20 MB');
    expect(formatSize(3 * 1024 * 1024 * 1024)).toBe('3 GB');
  });
  it('is empty for missing or invalid sizes', () => {
    expect(formatSize(null)).toBe('');
    expect(formatSize(undefined)).toBe('');
    expect(formatSize(-1)).toBe('');
    expect(formatSize(Number.NaN)).toBe('');
  });
});

describe('extensionOf', () => {
  it('returns the lower-case extension of the last path part', () => {
    expect(extensionOf('协议.PDF')).toBe('pdf');
    expect(extensionOf('C:\\tmp\\a.b.docx')).toBe('docx');
    expect(extensionOf('dir.x/noext')).toBe('');
    expect(extensionOf('.hidden')).toBe('');
    expect(extensionOf('trailing.')).toBe('');
  });
});

describe('extensionAllowed', () => {
  it('follows the server list by default', () => {
    expect(extensionAllowed('a.pdf')).toBe(true);
    expect(extensionAllowed('a.html')).toBe(false);
    expect(extensionAllowed('a.svg')).toBe(false);
    expect(extensionAllowed('a.exe')).toBe(false);
    expect(extensionAllowed('noext')).toBe(false);
  });
  it('narrows to an accept list of extensions', () => {
    expect(extensionAllowed('a.pdf', '.pdf, .docx')).toBe(true);
    expect(extensionAllowed('a.png', '.pdf,.docx')).toBe(false);
    expect(extensionAllowed('a.png', 'image/*')).toBe(true);
  });
  it('builds the accept attribute from the list', () => {
    expect(defaultAccept().split(',')).toHaveLength(ALLOWED_EXTENSIONS.length);
    expect(defaultAccept()).toContain('.pdf');
  });
});
