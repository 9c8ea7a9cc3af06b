// Pinia store of the session: the signed-in user, the CSRF token and the must-change-password flag.
import { defineStore } from 'pinia';
import * as authApi from '@/api/auth';
import type { LoginInput, Session, User } from '@/api/auth';
import { ApiError } from '@/api/http';

export const useAuthStore = defineStore('auth', {
  state: () => ({
    user: null as User | null,
    csrf_token: null as string | null,
    must_change_password: false,
    /** True once GET /auth/me has answered (either way). */
    loaded: false,
  }),
  getters: {
    isLoggedIn: (s) => s.user !== null,
  },
  actions: {
    applySession(s: Session) {
      this.user = s.user;
      this.csrf_token = s.csrf_token;
      this.must_change_password = s.must_change_password;
      this.loaded = true;
    },
    clear() {
      this.user = null;
      this.csrf_token = null;
      this.must_change_password = false;
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
    async changePassword(oldPassword: string, newPassword: string) {
      await authApi.changePassword(oldPassword, newPassword);
      this.must_change_password = false;
    },
  },
});
