// Cadre liaison: the admin records a visit to an organization linked to the city
// cadre and sees it as that organization's last contact in the workload view.
export default async function liaison(ctx) {
  const { page, step, assert, byTestId, BASE } = ctx;
  const today = new Date();
  const p = (n) => String(n).padStart(2, '0');
  const date = `${today.getFullYear()}-${p(today.getMonth() + 1)}-${p(today.getDate())}`;
  let org = null;
  let cadre = null;

  await step(page, 'liaison-record-visit', async () => {
    const users = await ctx.api('GET', '/api/v1/users?q=jm_staff');
    cadre = users.json.items.find((u) => u.username === 'jm_staff');
    assert(cadre, 'demo cadre jm_staff');
    const linked = await ctx.api('GET', `/api/v1/orgs?cadre_user_id=${cadre.id}&size=5`);
    assert(linked.json.items.length > 0, 'organizations linked to jm_staff');
    org = linked.json.items[0];
    await byTestId(page, 'menu-liaison').click();
    await byTestId(page, 'visit-table').waitFor({ state: 'visible' });
    await byTestId(page, 'visit-new').click();
    await byTestId(page, 'visit-dialog').waitFor({ state: 'visible' });
    await byTestId(page, 'visit-org').click();
    await page.keyboard.type(org.name.slice(0, 8));
    await page.locator('.el-select-dropdown__item:visible', { hasText: org.name }).first().click();
    await byTestId(page, 'visit-topics').fill('e2e 走访:了解年度项目进展');
    await byTestId(page, 'visit-issues').fill('活动场地不足');
    await byTestId(page, 'visit-follow-up').fill('协调社区活动场地');
    await byTestId(page, 'visit-save').click();
    await page
      .locator('[data-testid="visit-table"] tr', { hasText: 'e2e 走访' })
      .first()
      .waitFor({ state: 'visible' });
  });

  await step(page, 'liaison-workload', async () => {
    await page.locator('#tab-workload').click();
    const cadres = byTestId(page, 'workload-cadres');
    await cadres.waitFor({ state: 'visible' });
    const row = cadres.locator('tr', { hasText: '李慧敏' }).first();
    await row.waitFor({ state: 'visible' });
    await row.locator('.el-table__expand-icon').click();
    await cadres
      .locator('tr', { hasText: org.name })
      .filter({ hasText: date })
      .first()
      .waitFor({ state: 'visible' });
    const w = await ctx.api('GET', '/api/v1/visits/workload');
    const mine = w.json.cadres.flatMap((g) => g.orgs).find((o) => o.org_id === org.id);
    assert(mine && mine.last_contact === date, `last contact ${mine && mine.last_contact}`);
  });
  await page.goto(`${BASE}/home`);
}
