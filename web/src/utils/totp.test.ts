// Specification of the TOTP display and input helpers.
import { describe, expect, it } from 'vitest';
import { groupSecret, isTotpCode, normalizeCode, secretBlocks } from './totp';

describe('secretBlocks / groupSecret', () => {
  it('splits a 32-character secret into 8 blocks of 4', () => {
    const s = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    expect(secretBlocks(s)).toEqual([
      'JBSW',
      'Y3DP',
      'EHPK',
      '3PXP',
      'JBSW',
      'Y3DP',
      'EHPK',
      '3PXP',
    ]);
    expect(groupSecret(s)).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
  });

  it('keeps a shorter last block', () => {
    expect(groupSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
  });

  it('drops padding and whitespace and upper-cases', () => {
    expect(groupSecret(' abcd efgh\nij== ')).toBe('ABCD EFGH IJ');
  });

  it('gives nothing for an empty secret', () => {
    expect(secretBlocks('')).toEqual([]);
    expect(groupSecret('')).toBe('');
  });
});

describe('normalizeCode / isTotpCode', () => {
  it('removes spaces and dashes', () => {
    expect(normalizeCode(' 123 456 ')).toBe('123456');
    expect(normalizeCode('123-456')).toBe('123456');
  });

  it.each([
    ['123456', true],
    ['000000', true],
    ['12345', false],
    ['1234567', false],
    ['12a456', false],
    ['', false],
  ])('judges %j as %s', (code, ok) => {
    expect(isTotpCode(code)).toBe(ok);
  });
});
