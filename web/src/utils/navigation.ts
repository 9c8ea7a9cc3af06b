// Guards for work that finishes after the user has moved on: a page's late answer
// must neither overwrite a newer answer nor send the user back (a router.replace
// issued while the user's own navigation is pending cancels that navigation).
import type { RouteLocationRaw, Router } from 'vue-router';

/**
 * Wraps an async loader so that only the answer to the latest call is delivered:
 * an earlier call that answers (or fails) after a later one was made resolves to
 * `undefined` (stale) instead.
 */
export function latestOnly<A extends unknown[], R>(
  fn: (...args: A) => Promise<R>,
): (...args: A) => Promise<{ value: R } | undefined> {
  let seq = 0;
  return async (...args: A) => {
    const mine = ++seq;
    try {
      const value = await fn(...args);
      return mine === seq ? { value } : undefined;
    } catch (e) {
      if (mine !== seq) return undefined;
      throw e;
    }
  };
}

// The target of the navigation in flight, per router (null when none).
const pending = new WeakMap<Router, string | null>();

/**
 * Tracks the router's navigation in flight. Call before any other guard is added,
 * so it sees every navigation, including ones a later guard redirects.
 */
export function trackNavigations(router: Router): void {
  pending.set(router, null);
  router.beforeEach((to) => {
    pending.set(router, to.fullPath);
    return true;
  });
  // afterEach runs for completed, aborted and cancelled navigations; a cancelled
  // one must not clear the target of the navigation that cancelled it.
  router.afterEach((to) => {
    if (pending.get(router) === to.fullPath) pending.set(router, null);
  });
  router.onError(() => pending.set(router, null));
}

/**
 * Replaces the current location with `to` only while the user is still on `from`
 * (a full path) and no navigation of theirs is under way; returns whether it did.
 */
export function replaceIfStill(router: Router, from: string, to: RouteLocationRaw): boolean {
  if (pending.get(router)) return false;
  if (router.currentRoute.value.fullPath !== from) return false;
  void router.replace(to);
  return true;
}
