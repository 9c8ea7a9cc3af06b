// Typed calls for /api/v1/auth: login, logout, current user, password change, TOTP enrolment.
import { http } from './http';

export type Role = 'admin' | 'staff' | 'org' | 'auditor' | 'reviewer';
export const ROLES: Role[] = ['admin', 'staff', 'org', 'auditor', 'reviewer'];

export interface User {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  region_code: string;
  region_name: string;
  /** The organization of an org account. */
  org_id?: number | null;
  locked: boolean;
  locked_until: string | null;
  totp_enabled: boolean;
  version: number;
  created_at: string;
  last_login_at: string | null;
}

export interface Session {
  user: User;
  csrf_token: string;
  must_change_password: boolean;
  /** True while an admin under the dengbao3 policy has not enrolled TOTP yet. */
  totp_required: boolean;
}

/** The answer of POST /auth/totp/setup: a fresh secret (base32) and its otpauth:// URI. */
export interface TotpSetup {
  secret: string;
  otpauth_uri: string;
}

export interface LoginInput {
  username: string;
  password: string;
  totp_code?: string;
}

/** Logs in; errors are thrown silently so the login page shows them inline. */
export function login(input: LoginInput): Promise<Session> {
  return http.post<Session>('/api/v1/auth/login', input, true);
}

export function logout(): Promise<void> {
  return http.post<void>('/api/v1/auth/logout', undefined, true);
}

/** The current session, or ApiError 401 when there is none (never toasts). */
export function me(): Promise<Session> {
  return http.get<Session>('/api/v1/auth/me', undefined, true);
}

/** Changes the own password; the server ends all sessions and answers with a new one. */
export function changePassword(old_password: string, new_password: string): Promise<Session> {
  return http.post<Session>('/api/v1/auth/password', { old_password, new_password }, true);
}

/** Starts (or restarts) TOTP enrolment; ApiError 409 when TOTP is already enabled. */
export function totpSetup(): Promise<TotpSetup> {
  return http.post<TotpSetup>('/api/v1/auth/totp/setup', {}, true);
}

/** Confirms enrolment with a code from the app; ApiError 422 field `code` when it is wrong. */
export function totpEnable(code: string): Promise<void> {
  return http.post<void>('/api/v1/auth/totp/enable', { code }, true);
}
