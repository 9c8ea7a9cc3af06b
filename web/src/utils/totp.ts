// Helpers for TOTP enrolment: how the secret is shown and what a typed code must look like.

/** The secret in blocks of 4 characters (upper case, spaces and '=' padding dropped). */
export function secretBlocks(secret: string): string[] {
  const clean = secret.replace(/[\s=]/g, '').toUpperCase();
  return clean.match(/.{1,4}/g) ?? [];
}

/** The secret as one string of space-separated 4-character blocks, e.g. `ABCD EFGH IJ`. */
export function groupSecret(secret: string): string {
  return secretBlocks(secret).join(' ');
}

/** The digits of a typed code, with spaces and dashes (as some apps show it) removed. */
export function normalizeCode(input: string): string {
  return input.replace(/[\s-]/g, '');
}

/** True when the (normalized) code is exactly 6 digits. */
export function isTotpCode(code: string): boolean {
  return /^\d{6}$/.test(code);
}
