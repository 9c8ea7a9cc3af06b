// The home dashboard: a city staff member logs in, sees the to-do card of annual
// reviews waiting for a decision with its count (the demo has submitted ones), clicks
// it and lands on the review list filtered to submitted reviews; the key figures
// show with their trend charts.
export default async function dashboard(ctx) {
  const { step, assert, byTestId, api } = ctx;
  const stamp = Date.now().toString(36);
  const staffUser = `e2e_dash_staff_${stamp}`;
  const pass = 'Dashboard-Pass-2026';
  let expected = 0;

  await step(ctx.page, 'dashboard-setup', async () => {
    const u = await api('POST', '/api/v1/users', {
      username: staffUser,
      display_name: '看板 staff',
      role: 'staff',
      region_code: '440700000000',
      password: pass,
    });
    assert(u.status === 201, `${staffUser}: ${u.status} ${JSON.stringify(u.json)}`);
    const waiting = await api('GET', '/api/v1/annual-reviews?state=submitted&size=1');
    const again = await api('GET', '/api/v1/annual-reviews?state=resubmitted&size=1');
    expected = waiting.json.total + again.json.total;
    assert(expected > 0, 'the demo has annual reviews waiting for a decision');
  });

  const staff = await ctx.loginAs(staffUser, pass);
  await step(staff, 'dashboard-todo', async () => {
    await byTestId(staff, 'home-welcome').waitFor({ state: 'visible' });
    const count = byTestId(staff, 'todo-count-annual_reviews_to_decide');
    await count.waitFor({ state: 'visible' });
    const shown = Number((await count.innerText()).trim());
    assert(shown === expected, `card count ${shown}, expected ${expected}`);
    await byTestId(staff, 'dashboard-figures').waitFor({ state: 'visible' });
    await byTestId(staff, 'figure-orgs_registered').waitFor({
      state: 'visible',
    });
    await byTestId(staff, 'figure-trend-orgs_registered').locator('canvas').first().waitFor();
    // The figure shown is the city's, as the API (admin, same region) answers it.
    const d = await api('GET', '/api/v1/dashboard');
    const fig = d.json.figures.find((f) => f.key === 'orgs_registered');
    const text = (await byTestId(staff, 'figure-orgs_registered').innerText()).replace(/,/g, '');
    assert(Number(text) === fig.value, `registered organizations ${text}, API ${fig.value}`);
  });

  await step(staff, 'dashboard-click-to-list', async () => {
    await byTestId(staff, 'todo-link-annual_reviews_to_decide').click();
    await byTestId(staff, 'review-table').waitFor({ state: 'visible' });
    const url = new URL(staff.url());
    assert(url.pathname === '/annual-reviews', `landed on ${url.pathname}`);
    assert(url.searchParams.get('state') === 'submitted', `filter ${url.search}`);
    const row = byTestId(staff, 'review-table').locator('tbody tr').first();
    await row.waitFor({ state: 'visible' });
    const states = await staff.locator('[data-testid^="review-state-"]').allInnerTexts();
    assert(states.length > 0, 'the list shows the waiting reviews');
    assert(
      states.every((s) => s.trim() === states[0].trim()),
      `one state only: ${states.join(',')}`,
    );
  });
  await staff.context().close();
}
