// Specification of the session store: totp_required from login and /me, enrolment, and the
// session that a password change hands back.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { Session, User } from '@/api/auth';
import { ApiError } from '@/api/http';

vi.mock('@/api/auth', () => ({
  login: vi.fn(),
  logout: vi.fn(),
  me: vi.fn(),
  changePassword: vi.fn(),
  totpSetup: vi.fn(),
  totpEnable: vi.fn(),
}));

import * as authApi from '@/api/auth';
import { useAuthStore } from './auth';

const api = vi.mocked(authApi);

function user(over: Partial<User> = {}): User {
  return {
    id: 1,
    username: 'admin',
    display_name: 'Admin',
    role: 'admin',
    region_code: '440700000000',
    region_name: '江门市',
    locked: false,
    locked_until: null,
    totp_enabled: false,
    version: 1,
    created_at: '2026-01-01T00:00:00Z',
    last_login_at: null,
    ...over,
  };
}

function session(over: Partial<Session> = {}): Session {
  return {
    user: user(),
    csrf_token: 'csrf-1',
    must_change_password: false,
    totp_required: false,
    ...over,
  };
}

describe('auth store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.resetAllMocks();
  });

  it('takes totp_required from the login answer and forces enrolment', async () => {
    api.login.mockResolvedValue(session({ totp_required: true }));
    const auth = useAuthStore();
    await auth.login({ username: 'admin', password: 'x' });
    expect(auth.totp_required).toBe(true);
    expect(auth.mustEnrolTotp).toBe(true);
  });

  it('takes totp_required from /me', async () => {
    api.me.mockResolvedValue(session({ totp_required: true }));
    const auth = useAuthStore();
    await auth.fetchMe();
    expect(auth.loaded).toBe(true);
    expect(auth.mustEnrolTotp).toBe(true);
  });

  it('treats a missing totp_required (older server) as false', async () => {
    const s = session();
    delete (s as Partial<Session>).totp_required;
    api.me.mockResolvedValue(s);
    const auth = useAuthStore();
    await auth.fetchMe();
    expect(auth.totp_required).toBe(false);
  });

  it('forces the password change before TOTP enrolment', async () => {
    api.login.mockResolvedValue(session({ totp_required: true, must_change_password: true }));
    const auth = useAuthStore();
    await auth.login({ username: 'admin', password: 'x' });
    expect(auth.mustEnrolTotp).toBe(false);

    api.changePassword.mockResolvedValue(session({ totp_required: true, csrf_token: 'csrf-2' }));
    await auth.changePassword('old', 'new');
    expect(auth.must_change_password).toBe(false);
    expect(auth.csrf_token).toBe('csrf-2');
    expect(auth.mustEnrolTotp).toBe(true);
  });

  it('clears totp_required after enrolment and refreshes /me', async () => {
    api.login.mockResolvedValue(session({ totp_required: true }));
    api.totpEnable.mockResolvedValue(undefined);
    api.me.mockResolvedValue(session({ user: user({ totp_enabled: true, version: 3 }) }));
    const auth = useAuthStore();
    await auth.login({ username: 'admin', password: 'x' });
    await auth.enableTotp('123456');
    expect(api.totpEnable).toHaveBeenCalledWith('123456');
    expect(api.me).toHaveBeenCalledTimes(1);
    expect(auth.totp_required).toBe(false);
    expect(auth.mustEnrolTotp).toBe(false);
    expect(auth.user?.totp_enabled).toBe(true);
    expect(auth.user?.version).toBe(3);
  });

  it('keeps the enrolment when the refresh of /me fails', async () => {
    api.login.mockResolvedValue(session({ totp_required: true }));
    api.totpEnable.mockResolvedValue(undefined);
    api.me.mockRejectedValue(new ApiError({ status: 0, code: 'internal', message: 'offline' }));
    const auth = useAuthStore();
    await auth.login({ username: 'admin', password: 'x' });
    await auth.enableTotp('123456');
    expect(auth.isLoggedIn).toBe(true);
    expect(auth.totp_required).toBe(false);
    expect(auth.user?.totp_enabled).toBe(true);
  });

  it('leaves totp_required set when the code is wrong', async () => {
    api.login.mockResolvedValue(session({ totp_required: true }));
    api.totpEnable.mockRejectedValue(
      new ApiError({ status: 422, code: 'invalid_argument', message: 'wrong', field: 'code' }),
    );
    const auth = useAuthStore();
    await auth.login({ username: 'admin', password: 'x' });
    await expect(auth.enableTotp('000000')).rejects.toMatchObject({ field: 'code' });
    expect(auth.totp_required).toBe(true);
    expect(api.me).not.toHaveBeenCalled();
  });

  it('resets totp_required on sign-out', async () => {
    api.login.mockResolvedValue(session({ totp_required: true }));
    api.logout.mockResolvedValue(undefined);
    const auth = useAuthStore();
    await auth.login({ username: 'admin', password: 'x' });
    await auth.logout();
    expect(auth.totp_required).toBe(false);
    expect(auth.mustEnrolTotp).toBe(false);
  });
});
