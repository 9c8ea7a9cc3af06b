// Supervision (妇联监督) in the browser, as four users: the organization writes a
// progress report (the form refuses gender figures that do not add up) and submits
// it; staff member A approves it and requests the tranche but cannot approve their
// own request; staff member B approves the tranche and cannot release it; A
// releases it, which pays the contract and records the organization's income.
// Then the organization responds to an inspection finding and A closes it; the
// admin sees the risk flags.

export default async function supervision(ctx) {
  const { page, step, assert, byTestId, api } = ctx;
  const stamp = Date.now().toString(36);
  const year = new Date().getFullYear();
  const pass = 'Supervision-Pass-2026';
  const staffA = `e2e_sva_${stamp}`;
  const staffB = `e2e_svb_${stamp}`;
  const orgUser = `e2e_svo_${stamp}`;
  let projectId = 0;
  let contract = null;
  let reportId = 0;
  let trancheId = 0;
  let inspectionId = 0;
  let incomesBefore = 0;

  // An Element Plus input: the test id sits on the native element or on its wrapper.
  const field = (p, id, tag = 'input') =>
    p.locator(`[data-testid="${id}"] ${tag}, ${tag}[data-testid="${id}"]`).first();
  const prompt = async (p, text) => {
    await p.locator('.el-message-box__input input').fill(text);
    await p.locator('.el-message-box__btns .el-button--primary').click();
  };

  await step(page, 'supervision-setup', async () => {
    const orgs = await api('GET', `/api/v1/orgs?q=${encodeURIComponent('向日葵家庭教育')}`);
    assert(orgs.status === 200 && orgs.json.items.length > 0, `org: ${orgs.status}`);
    const orgId = orgs.json.items[0].id;
    for (const [username, role, extra] of [
      [staffA, 'staff', {}],
      [staffB, 'staff', {}],
      [orgUser, 'org', { org_id: orgId }],
    ]) {
      const u = await api('POST', '/api/v1/users', {
        username,
        display_name: `监督 ${username}`,
        role,
        region_code: '440700000000',
        password: pass,
        ...extra,
      });
      assert(u.status === 201, `user ${username}: ${u.status} ${JSON.stringify(u.json)}`);
    }
    const pools = await api('GET', `/api/v1/budget-pools?year=${year}&source=donations`);
    let pool = pools.json.items.find((p) => p.region_code === '440700000000');
    if (!pool) {
      const p = await api('POST', '/api/v1/budget-pools', {
        year,
        source: 'donations',
        region_code: '440700000000',
        planned: 10000000000,
      });
      assert(p.status === 201, `pool: ${p.status}`);
      pool = p.json;
    }
    const pr = await api('POST', '/api/v1/projects', {
      title: `E2E 监督项目 ${stamp}`,
      department: '家庭与儿童工作部',
      year,
      region_code: '440700000000',
      beneficiaries: { total: 200, women: 120, men: 80 },
      budget_lines: [
        { name: '人员及专业服务费', amount: 6000000 },
        { name: '活动及物料费', amount: 4000000 },
      ],
    });
    assert(pr.status === 201, `project: ${pr.status}`);
    projectId = pr.json.id;
    assert((await api('POST', `/api/v1/projects/${projectId}/submit`)).status === 200, 'submit');
    const ap = await api('POST', `/api/v1/projects/${projectId}/approve`, {
      pool_id: pool.id,
    });
    assert(ap.status === 200, `approve: ${ap.status}`);
    const k = await api('POST', `/api/v1/projects/${projectId}/commission`, {
      reason: '挂钩社会组织长期承接该项服务',
      provider_org_id: orgId,
      start_on: `${year}-01-01`,
      end_on: `${year}-12-31`,
      price: 10000000,
      milestones: [
        { name: '首期款', amount: 4000000, due_on: `${year}-03-01` },
        { name: '尾期款', amount: 6000000, due_on: `${year}-12-31` },
      ],
    });
    assert(k.status === 201, `commission: ${k.status}`);
    contract = k.json;
    const inc = await api('GET', `/api/v1/incomes?org_id=${orgId}`);
    incomesBefore = inc.json.total;
  });

  const org = await ctx.loginAs(orgUser, pass);
  await step(org, 'supervision-org-report', async () => {
    await byTestId(org, 'menu-supervision').click();
    await byTestId(org, 'report-new').click();
    await byTestId(org, 'report-form').waitFor({ state: 'visible' });
    // The contract select lists the organization's contracts; pick this project's.
    const select = org.locator('[data-testid="report-form"] .el-select').first();
    await select.click();
    await org
      .locator('.el-select-dropdown__item:visible', {
        hasText: `E2E 监督项目 ${stamp}`,
      })
      .first()
      .click();
    await field(org, 'report-narrative', 'textarea').fill('完成需求调研与两场亲子活动');
    const setNumber = async (k, v) => {
      const input = field(org, `report-${k}`);
      await input.fill(String(v));
      await input.press('Tab');
    };
    await setNumber('total', 80);
    await setNumber('female', 50);
    await setNumber('male', 20);
    await byTestId(org, 'report-gender-error').waitFor({ state: 'visible' });
    await setNumber('male', 30);
    await byTestId(org, 'report-gender-error').waitFor({ state: 'hidden' });
    await setNumber('children', 40);
    await setNumber('adults', 35);
    await setNumber('seniors', 5);
    await field(org, 'report-line-0').fill('活动及物料费');
    await field(org, 'report-yuan-0').fill('12000');
    await byTestId(org, 'report-file-input').setInputFiles({
      name: '活动照片.png',
      mimeType: 'image/png',
      buffer: Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
        'base64',
      ),
    });
    await byTestId(org, 'report-file-link').waitFor({ state: 'visible' });
    await byTestId(org, 'report-save').click();
    await byTestId(org, 'report-form').waitFor({ state: 'hidden' });
    const list = await api('GET', `/api/v1/projects/${projectId}/progress-reports`);
    assert(list.json.total === 1, `reports: ${list.json.total}`);
    const rep = list.json.items[0];
    reportId = rep.id;
    assert(rep.state === 'submitted', `state: ${rep.state}`);
    assert(rep.beneficiaries.female === 50 && rep.beneficiaries.male === 30, 'gender figures');
    assert(rep.spending_total === 1200000, `spending: ${rep.spending_total}`);
    assert(rep.file_ids.length === 1, `files: ${JSON.stringify(rep.file_ids)}`);
    await byTestId(org, `report-state-${reportId}`).waitFor({
      state: 'visible',
    });
  });
  await org.context().close();

  const a = await ctx.loginAs(staffA, pass);
  await step(a, 'supervision-approve-report-request-tranche', async () => {
    await byTestId(a, 'menu-supervision').click();
    const photo = byTestId(a, `report-files-${reportId}-link`);
    await photo.waitFor({ state: 'visible' });
    assert((await photo.innerText()).includes('活动照片.png'), 'photo listed for the reviewer');
    await byTestId(a, `report-approve-${reportId}`).click();
    await byTestId(a, `report-tranche-${reportId}`).click();
    await a.locator('#tab-tranches').click();
    const list = await api('GET', `/api/v1/tranches?project_id=${projectId}`);
    assert(list.json.total === 1, `tranches: ${list.json.total}`);
    trancheId = list.json.items[0].id;
    assert(list.json.items[0].amount === 4000000, `amount: ${list.json.items[0].amount}`);
    await byTestId(a, `tranche-state-${trancheId}`).waitFor({
      state: 'visible',
    });
    // Separation of duties: the requester's approve button is disabled.
    assert(await byTestId(a, `tranche-approve-${trancheId}`).isDisabled(), 'own approve disabled');
  });
  await a.context().close();

  const b = await ctx.loginAs(staffB, pass);
  await step(b, 'supervision-second-approver', async () => {
    await byTestId(b, 'menu-supervision').click();
    await b.locator('#tab-tranches').click();
    await byTestId(b, `tranche-approve-${trancheId}`).click();
    await byTestId(b, `tranche-release-${trancheId}`).waitFor({
      state: 'visible',
    });
    assert(
      await byTestId(b, `tranche-release-${trancheId}`).isDisabled(),
      'approver cannot release',
    );
    const t = await api('GET', `/api/v1/tranches/${trancheId}`);
    assert(t.json.state === 'approved', `state: ${t.json.state}`);
  });
  await b.context().close();

  const a2 = await ctx.loginAs(staffA, pass);
  await step(a2, 'supervision-release', async () => {
    await byTestId(a2, 'menu-supervision').click();
    await a2.locator('#tab-tranches').click();
    await byTestId(a2, `tranche-release-${trancheId}`).click();
    await a2
      .locator(`[data-testid="tranche-state-${trancheId}"]`, {
        hasText: /已拨付|Released/,
      })
      .waitFor({ state: 'visible' });
    const k = await api('GET', `/api/v1/contracts/${contract.id}`);
    assert(k.json.paid === 4000000, `paid: ${k.json.paid}`);
    const inc = await api('GET', `/api/v1/incomes?org_id=${contract.provider_org_id}`);
    assert(inc.json.total === incomesBefore + 1, `incomes ${inc.json.total} vs ${incomesBefore}`);
    const x = await api('POST', '/api/v1/inspections', {
      project_id: projectId,
      inspected_on: `${year}-05-10`,
      inspectors: ['江门市妇联 李慧敏'],
      summary: '服务点台账基本齐全',
      findings: [{ description: '签到表缺少性别与年龄', rectify_by: `${year}-06-10` }],
    });
    assert(x.status === 201, `inspection: ${x.status}`);
    inspectionId = x.json.id;
  });

  const org2 = await ctx.loginAs(orgUser, pass);
  await step(org2, 'supervision-org-responds', async () => {
    await byTestId(org2, 'menu-supervision').click();
    await org2.locator('#tab-inspections').click();
    await byTestId(org2, `inspection-${inspectionId}`)
      .locator('[data-testid="finding-respond"]')
      .click();
    await prompt(org2, '已补录签到表中的性别与年龄段');
    // The page reloads the inspection once the response is stored.
    let state = '';
    for (let i = 0; i < 25 && state !== 'responded'; i += 1) {
      await org2.waitForTimeout(200);
      const x = await api('GET', `/api/v1/inspections/${inspectionId}`);
      state = x.json.findings[0].state;
    }
    assert(state === 'responded', `finding: ${state}`);
  });
  await org2.context().close();

  await step(a2, 'supervision-close-finding', async () => {
    await a2.reload();
    await a2.locator('#tab-inspections').click();
    await byTestId(a2, `inspection-${inspectionId}`)
      .locator('[data-testid="finding-close"]')
      .click();
    await byTestId(a2, `inspection-${inspectionId}`)
      .locator('[data-testid="inspection-state"]', { hasText: /已关闭|Closed/ })
      .waitFor({ state: 'visible' });
  });
  await a2.context().close();

  await step(page, 'supervision-risks', async () => {
    const r = await api('GET', '/api/v1/risks');
    assert(r.status === 200, `risks: ${r.status}`);
    await page.goto(`${ctx.BASE}/supervision`);
    await page.locator('#tab-risks').click();
    await byTestId(page, 'risks').waitFor({ state: 'visible' });
    if (r.json.total > 0) {
      await byTestId(page, 'risks').locator('.el-table__row').first().waitFor({ state: 'visible' });
    }
    await page.goto(`${ctx.BASE}/projects/${projectId}`);
    await byTestId(page, 'project-supervision').waitFor({ state: 'visible' });
    // The panel loads its lists after the card shows: wait for the milestone's row.
    await byTestId(page, 'project-supervision')
      .getByText('首期款')
      .first()
      .waitFor({ state: 'visible' });
  });

  // A district's staff member with no project in progress in their scope: the
  // inspection form says so and cannot be saved (it once did nothing, silently).
  const staffEnping = `e2e_sve_${stamp}`;
  await step(page, 'supervision-inspection-without-projects', async () => {
    const u = await api('POST', '/api/v1/users', {
      username: staffEnping,
      display_name: '恩平 监督',
      role: 'staff',
      region_code: '440785000000',
      password: pass,
    });
    assert(u.status === 201, `user: ${u.status} ${JSON.stringify(u.json)}`);
  });
  const e = await ctx.loginAs(staffEnping, pass);
  await step(e, 'supervision-inspection-no-project-message', async () => {
    const inProgress = await e.request.get(
      `${ctx.BASE}/api/v1/projects?state=in_progress&size=1`,
    );
    assert((await inProgress.json()).total === 0, 'no project in progress in 恩平市');
    await e.goto(`${ctx.BASE}/supervision?tab=inspections`);
    await byTestId(e, 'inspection-new').click();
    await byTestId(e, 'inspection-no-projects').waitFor({ state: 'visible' });
    assert(await byTestId(e, 'inspection-save').isDisabled(), 'save is disabled');
  });
  await e.context().close();

  await page.goto(`${ctx.BASE}/home`);
}
