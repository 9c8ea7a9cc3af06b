// Typed calls for /api/v1/users: list, create, edit, reset password, lock/unlock.
import { http, type Page } from './http';
import type { Role, User } from './auth';

export type { Role, User };

export interface UserQuery {
  q?: string;
  role?: Role | '';
  region_code?: string;
  page?: number;
  size?: number;
}

export interface NewUser {
  username: string;
  display_name: string;
  role: Role;
  region_code: string;
  password: string;
}

export interface UserPatch {
  version: number;
  display_name?: string;
  role?: Role;
  region_code?: string;
}

export function listUsers(query: UserQuery): Promise<Page<User>> {
  return http.get<Page<User>>('/api/v1/users', { ...query });
}

/** Creates a user; errors are silent so the dialog can mark the failing field. */
export function createUser(input: NewUser): Promise<User> {
  return http.post<User>('/api/v1/users', input, true);
}

/** Updates a user; 409 conflict when `version` is stale. Errors are silent for the dialog. */
export function updateUser(id: number, patch: UserPatch): Promise<User> {
  return http.patch<User>(`/api/v1/users/${id}`, patch, true);
}

/** Returns the generated temporary password; it is shown once. */
export function resetPassword(id: number): Promise<{ password: string }> {
  return http.post<{ password: string }>(`/api/v1/users/${id}/reset-password`, {});
}

export function lockUser(id: number): Promise<User> {
  return http.post<User>(`/api/v1/users/${id}/lock`, {});
}

export function unlockUser(id: number): Promise<User> {
  return http.post<User>(`/api/v1/users/${id}/unlock`, {});
}
