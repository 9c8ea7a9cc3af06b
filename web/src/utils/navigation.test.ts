// Specification of the late-answer guards: a stale answer is dropped, and a page's
// late router.replace neither cancels the user's own navigation nor follows them.
import { describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import { latestOnly, replaceIfStill, trackNavigations } from './navigation';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('latestOnly', () => {
  it('drops an earlier answer that arrives after a later one was asked for', async () => {
    const first = deferred<string>();
    const second = deferred<string>();
    const calls = [first.promise, second.promise];
    const load = latestOnly((_year: number) => calls.shift()!);
    const a = load(2013);
    const b = load(2014);
    second.resolve('2014 report');
    first.resolve('2013 report');
    expect(await b).toEqual({ value: '2014 report' });
    expect(await a).toBeUndefined();
  });

  it('drops a stale failure but passes on the latest one', async () => {
    const first = deferred<string>();
    const second = deferred<string>();
    const calls = [first.promise, second.promise];
    const load = latestOnly(() => calls.shift()!);
    const a = load();
    const b = load();
    first.reject(new Error('old request failed'));
    second.reject(new Error('network down'));
    expect(await a).toBeUndefined();
    await expect(b).rejects.toThrow('network down');
  });
});

const Page = { render: () => null };

/** A router whose /records page loads only when `gate` resolves (a lazy chunk). */
function makeRouter(gate: Promise<unknown>): Router {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/report', component: Page },
      { path: '/records', component: () => gate.then(() => Page) },
      { path: '/other', component: Page },
    ],
  });
  trackNavigations(router);
  return router;
}

describe('replaceIfStill', () => {
  it('replaces the address while the user stays on the page', async () => {
    const router = makeRouter(Promise.resolve());
    await router.push('/report');
    expect(replaceIfStill(router, '/report', { query: { year: '2014' } })).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(router.currentRoute.value.fullPath).toBe('/report?year=2014');
  });

  it('does not cancel a navigation the user started, which then completes', async () => {
    const gate = deferred<void>();
    const router = makeRouter(gate.promise);
    await router.push('/report');
    const going = router.push('/records?key=orgs.registered');
    await new Promise((r) => setTimeout(r, 0));
    expect(replaceIfStill(router, '/report', { query: { year: '2014' } })).toBe(false);
    gate.resolve();
    expect(await going).toBeUndefined(); // no navigation failure
    expect(router.currentRoute.value.fullPath).toBe('/records?key=orgs.registered');
  });

  it('does not follow the user to another page', async () => {
    const router = makeRouter(Promise.resolve());
    await router.push('/report');
    await router.push('/other');
    expect(replaceIfStill(router, '/report', '/records')).toBe(false);
    expect(router.currentRoute.value.fullPath).toBe('/other');
  });

  it('works again once a cancelled navigation and its successor have ended', async () => {
    const gate = deferred<void>();
    const router = makeRouter(gate.promise);
    await router.push('/report');
    const cancelled = router.push('/records');
    await new Promise((r) => setTimeout(r, 0));
    await router.push('/other');
    gate.resolve();
    await cancelled;
    expect(router.currentRoute.value.fullPath).toBe('/other');
    expect(replaceIfStill(router, '/other', { query: { page: '2' } })).toBe(true);
  });
});
