// Pinia store of the session: the signed-in user, the CSRF token, and the flags that force
// a password change or TOTP enrolment before anything else.
import { defineStore } from 'pinia';
import * as authApi from '@/api/auth';
import type { LoginInput, Session, User } from '@/api/auth';
import { ApiError } from '@/api/http';

export const useAuthStore = defineStore('auth', {
  state: () => ({
    user: null as User | null,
    csrf_token: null as string | null,
    must_change_password: false,
    /** The server requires TOTP enrolment (dengbao3 admin without TOTP) before anything else. */
    totp_required: false,
    /** True once GET /auth/me has answered (either way). */
    loaded: false,
  }),
  getters: {
    isLoggedIn: (s) => s.user !== null,
    /** The TOTP enrolment dialog must be forced now (after any forced password change). */
    mustEnrolTotp: (s) => s.user !== null && s.totp_required && !s.must_change_password,
  },
  actions: {
    applySession(s: Session) {
      this.user = s.user;
      this.csrf_token = s.csrf_token;
      this.must_change_password = s.must_change_password;
      this.totp_required = s.totp_required === true;
      this.loaded = true;
    },
    clear() {
      this.user = null;
      this.csrf_token = null;
      this.must_change_password = false;
      this.totp_required = false;
      this.loaded = true;
    },
    /** Loads the current session; a 401 leaves the store signed out, other errors rethrow. */
    async fetchMe() {
      try {
        this.applySession(await authApi.me());
      } catch (e) {
        this.clear();
        if (!(e instanceof ApiError) || e.status !== 401) throw e;
      }
    },
    /** Logs in; throws ApiError (e.g. field `totp_code` when a TOTP code is needed). */
    async login(input: LoginInput) {
      this.applySession(await authApi.login(input));
    },
    async logout() {
      try {
        await authApi.logout();
      } finally {
        this.clear();
      }
    },
    /** Changes the password; the server replaces the session, so its new CSRF token is kept. */
    async changePassword(oldPassword: string, newPassword: string) {
      const s = await authApi.changePassword(oldPassword, newPassword);
      if (s && s.user) this.applySession(s);
      else this.must_change_password = false;
    },
    /** Starts TOTP enrolment; throws ApiError (409 conflict when already enabled). */
    async totpSetup() {
      return authApi.totpSetup();
    },
    /**
     * Confirms TOTP enrolment with a 6-digit code (throws ApiError field `code` when wrong),
     * then reloads /auth/me so totp_required and user.totp_enabled reflect the server.
     */
    async enableTotp(code: string) {
      await authApi.totpEnable(code);
      this.totp_required = false;
      if (this.user) this.user = { ...this.user, totp_enabled: true };
      await this.refresh();
    },
    /** Re-reads /auth/me; unlike fetchMe a failure keeps the current state (no sign-out). */
    async refresh() {
      try {
        this.applySession(await authApi.me());
      } catch {
        // Keep what we have; the next request that fails with 401 signs out as usual.
      }
    },
  },
});
