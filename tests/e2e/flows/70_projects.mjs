// The project cycle in the browser: a staff member designs a project with two budget
// lines and submits it; the admin approves it into a budget pool of the year; the admin
// commissions it directly to a demo organization with a contract and two milestones;
// the budget pools page (and its summary) shows the commitment.

export default async function projects(ctx) {
  const { page, step, assert, byTestId, api } = ctx;
  const stamp = Date.now().toString(36);
  const title = `E2E 巾帼关爱项目 ${stamp}`;
  const staffUser = `e2e_pj_${stamp}`;
  const staffPass = 'Project-Staff-Pass-2026';
  const year = new Date().getFullYear() + 1;
  let projectId = 0;
  let committedBefore = 0;

  await step(page, 'projects-setup', async () => {
    const u = await api('POST', '/api/v1/users', {
      username: staffUser,
      display_name: '项目专员',
      role: 'staff',
      region_code: '440700000000',
      password: staffPass,
    });
    assert(u.status === 201, `staff user: ${u.status}`);
    const pools = await api('GET', `/api/v1/budget-pools?year=${year}&source=fiscal_budget`);
    assert(pools.status === 200, `pools: ${pools.status}`);
    if (!pools.json.items.some((p) => p.region_code === '440700000000')) {
      const p = await api('POST', '/api/v1/budget-pools', {
        year,
        source: 'fiscal_budget',
        region_code: '440700000000',
        name: `${year}年江门市政府购买服务资金`,
        planned: 10000000000,
      });
      assert(p.status === 201, `pool: ${p.status}`);
    }
    const s = await api('GET', `/api/v1/budget-pools/summary?year=${year}`);
    committedBefore = s.json.total.committed;
  });

  const staff = await ctx.loginAs(staffUser, staffPass);
  await step(staff, 'projects-design', async () => {
    await byTestId(staff, 'menu-projects').click();
    await byTestId(staff, 'project-table').waitFor({ state: 'visible' });
    await byTestId(staff, 'project-new').click();
    await byTestId(staff, 'project-title').fill(title);
    await byTestId(staff, 'project-department').fill('权益部');
    await byTestId(staff, 'line-name-0').fill('人员及专业服务费');
    await byTestId(staff, 'line-amount-0').fill('60000');
    await byTestId(staff, 'line-add').click();
    await byTestId(staff, 'line-name-1').fill('活动及物料费');
    await byTestId(staff, 'line-amount-1').fill('40000.50');
    const total = await byTestId(staff, 'line-total').innerText();
    assert(total.includes('100,000.50'), `total shown: ${total}`);
    await byTestId(staff, 'project-save').click();
    await staff.waitForURL(/\/projects\/\d+$/);
    projectId = Number(staff.url().split('/').pop());
    assert(projectId > 0, 'project id');
    await byTestId(staff, 'project-submit').click();
    await byTestId(staff, 'project-approve').waitFor({ state: 'visible' });
    const p = await api('GET', `/api/v1/projects/${projectId}`);
    assert(p.json.state === 'submitted', `state: ${p.json.state}`);
  });
  await staff.context().close();

  await step(page, 'projects-approve', async () => {
    await page.goto(`${ctx.BASE}/projects/${projectId}`);
    await byTestId(page, 'project-approve').click();
    await byTestId(page, 'approve-confirm').waitFor({ state: 'visible' });
    await byTestId(page, 'approve-confirm').click();
    await byTestId(page, 'project-commission').waitFor({ state: 'visible' });
    const p = await api('GET', `/api/v1/projects/${projectId}`);
    assert(p.json.committed === 10000050, `committed: ${p.json.committed}`);
  });

  await step(page, 'projects-commission', async () => {
    await byTestId(page, 'project-commission').click();
    const select = byTestId(page, 'commission-provider');
    await select.click();
    await select.locator('input').fill('向日葵');
    const option = page
      .locator('.el-select-dropdown__item:visible', {
        hasText: '江门市向日葵家庭教育指导中心',
      })
      .first();
    await option.waitFor({ state: 'visible' });
    await option.click();
    await byTestId(page, 'commission-reason').fill('挂钩社会组织长期承接该项服务');
    await byTestId(page, 'commission-confirm').click();
    await byTestId(page, 'project-contract').waitFor({ state: 'visible' });
    const text = await byTestId(page, 'project-contract').innerText();
    assert(text.includes('江门市向日葵家庭教育指导中心'), 'provider shown');
    assert(text.includes('100,000.50'), 'price shown');
    await byTestId(page, 'project-close').waitFor({ state: 'visible' });
    const href = await byTestId(page, 'project-close').getAttribute('href');
    assert(href?.endsWith(`/closeouts/${projectId}`), `close-out link: ${href}`);
    const p = await api('GET', `/api/v1/projects/${projectId}`);
    assert(p.json.state === 'in_progress' && p.json.channel === 'direct', `state: ${p.json.state}`);
  });

  await step(page, 'projects-budget-summary', async () => {
    const s = await api('GET', `/api/v1/budget-pools/summary?year=${year}`);
    assert(
      s.json.total.committed === committedBefore + 10000050,
      `committed ${s.json.total.committed} vs ${committedBefore} + 10000050`,
    );
    await byTestId(page, 'menu-budgets').click();
    await byTestId(page, 'budget-by-source').waitFor({ state: 'visible' });
    await page
      .locator('[data-testid="budget-year"] input, input[data-testid="budget-year"]')
      .fill(String(year));
    await page
      .locator('[data-testid="budget-year"] input, input[data-testid="budget-year"]')
      .press('Enter');
    const row = byTestId(page, 'budget-by-source').locator('.el-table__row', {
      hasText: /财政预算|Fiscal budget/,
    });
    await row.waitFor({ state: 'visible' });
    const yuan = (s.json.total.committed / 100).toLocaleString('en-US', {
      minimumFractionDigits: 2,
    });
    await row.getByText(yuan).first().waitFor({ state: 'visible' });
  });

  await page.goto(`${ctx.BASE}/home`);
}
