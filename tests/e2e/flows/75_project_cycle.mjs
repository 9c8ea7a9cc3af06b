// The whole project cycle on one project, in the browser, as five users:
// a city staff member designs it (妇联设计) and submits it; the admin puts it into the
// year's budget (资源配置); the staff member drafts and publishes the tender with a
// reviewer on the panel; the organization account bids (sealed); the staff member opens
// the bids; the reviewer scores; the admin awards (社会组织承接), which makes the
// contract; the organization reports progress; the staff member approves the report
// and requests the first tranche, the finance officer approves it, the staff member
// releases it (妇联监督); the organization writes the final report and the staff
// member accepts it, evaluates and closes the project (总结推广).

/** Calls the API with the session of `p` (CSRF token from /auth/me). */
async function apiAs(ctx, p, method, apiPath, body) {
  const me = await p.request.get(`${ctx.BASE}/api/v1/auth/me`);
  const csrf = (await me.json()).csrf_token;
  const res = await p.request.fetch(`${ctx.BASE}${apiPath}`, {
    method,
    data: body,
    headers: { 'X-CSRF-Token': csrf || '', Origin: ctx.BASE },
  });
  let json = null;
  try {
    json = await res.json();
  } catch {
    // not JSON
  }
  return { status: res.status(), json };
}

export default async function projectCycle(ctx) {
  const { page, step, assert, byTestId, api } = ctx;
  const stamp = Date.now().toString(36);
  const title = `E2E 全周期项目 ${stamp}`;
  const pass = 'Project-Cycle-Pass-2026';
  const staffUser = `e2e_cy_staff_${stamp}`;
  const financeUser = `e2e_cy_fin_${stamp}`;
  const reviewerUser = `e2e_cy_rev_${stamp}`;
  const orgUser = `e2e_cy_org_${stamp}`;
  const orgName = '江门市向日葵家庭教育指导中心';
  const year = new Date().getFullYear() + 1;
  const price = 9600000; // 96,000.00 yuan, under the 100,000.50 designed
  let orgId = 0;
  let projectId = 0;
  let tenderId = 0;
  let deadline = 0;
  let reportId = 0;
  let trancheId = 0;
  let contractId = 0;

  // An Element Plus input: the test id sits on the native element or on its wrapper.
  const field = (p, id, tag = 'input') =>
    p.locator(`[data-testid="${id}"] ${tag}, ${tag}[data-testid="${id}"]`).first();
  const pick = async (p, testId, typed, text) => {
    const select = byTestId(p, testId);
    await select.click();
    await select.locator('input').fill(typed);
    const option = p.locator('.el-select-dropdown__item:visible', { hasText: text }).first();
    await option.waitFor({ state: 'visible' });
    await option.click();
  };

  await step(page, 'cycle-setup', async () => {
    const orgs = await api('GET', `/api/v1/orgs?q=${encodeURIComponent(orgName)}`);
    orgId = orgs.json.items.find((o) => o.name === orgName).id;
    for (const [username, role, extra] of [
      [staffUser, 'staff', {}],
      [financeUser, 'staff', {}],
      [reviewerUser, 'reviewer', {}],
      [orgUser, 'org', { org_id: orgId }],
    ]) {
      const u = await api('POST', '/api/v1/users', {
        username,
        display_name: `全周期 ${role}`,
        role,
        region_code: '440700000000',
        password: pass,
        ...extra,
      });
      assert(u.status === 201, `${username}: ${u.status} ${JSON.stringify(u.json)}`);
    }
    const pools = await api('GET', `/api/v1/budget-pools?year=${year}&source=fiscal_budget`);
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
  });

  // 1. Design, by the staff member.
  const staff = await ctx.loginAs(staffUser, pass);
  await step(staff, 'cycle-design', async () => {
    await byTestId(staff, 'menu-projects').click();
    await byTestId(staff, 'project-new').click();
    await byTestId(staff, 'project-title').fill(title);
    await byTestId(staff, 'project-department').fill('家庭与儿童工作部');
    await byTestId(staff, 'line-name-0').fill('人员及专业服务费');
    await byTestId(staff, 'line-amount-0').fill('60000');
    await byTestId(staff, 'line-add').click();
    await byTestId(staff, 'line-name-1').fill('活动及物料费');
    await byTestId(staff, 'line-amount-1').fill('40000.50');
    await byTestId(staff, 'project-save').click();
    await staff.waitForURL(/\/projects\/\d+$/);
    projectId = Number(staff.url().split('/').pop());
    await byTestId(staff, 'project-submit').click();
    await byTestId(staff, 'project-approve').waitFor({ state: 'visible' });
    // The designer cannot put her own project into the budget: that is the admin's call here.
    const p = await api('GET', `/api/v1/projects/${projectId}`);
    assert(p.json.state === 'submitted', `state: ${p.json.state}`);
  });

  // 2. Budget, by the admin.
  await step(page, 'cycle-budget', async () => {
    await page.goto(`${ctx.BASE}/projects/${projectId}`);
    await byTestId(page, 'project-approve').click();
    await byTestId(page, 'approve-confirm').click();
    await byTestId(page, 'project-commission').waitFor({ state: 'visible' });
    const p = await api('GET', `/api/v1/projects/${projectId}`);
    assert(p.json.state === 'approved' && p.json.committed === 10000050, `${p.json.state}`);
  });

  // 3. Tender, by the staff member: notice, panel, a short bid window, publish.
  await step(staff, 'cycle-tender', async () => {
    await byTestId(staff, 'menu-tenders').click();
    await byTestId(staff, 'tender-new').click();
    await pick(staff, 'tender-project', stamp, title);
    await byTestId(staff, 'tender-eligibility').fill('依法登记、无异常记录的妇女儿童类社会组织');
    await byTestId(staff, 'criterion-name-0').fill('服务方案');
    await byTestId(staff, 'criterion-name-1').fill('报价');
    await byTestId(staff, 'tender-deadline').fill(`${year + 1}-01-10T17:00`);
    await byTestId(staff, 'tender-opening').fill(`${year + 1}-01-11T09:30`);
    await byTestId(staff, 'tender-save').click();
    await staff.waitForURL(/\/tenders\/\d+$/);
    tenderId = Number(staff.url().split('/').pop());
    await pick(staff, 'panel-user', reviewerUser, reviewerUser);
    await byTestId(staff, 'panel-add').click();
    await byTestId(staff, 'tender-panel').getByText('全周期 reviewer').waitFor({ state: 'visible' });
    const t = await apiAs(ctx, staff, 'GET', `/api/v1/tenders/${tenderId}`);
    deadline = Date.now() + 25000;
    const iso = new Date(deadline).toISOString();
    const patch = await apiAs(ctx, staff, 'PATCH', `/api/v1/tenders/${tenderId}`, {
      version: t.json.version,
      bid_deadline: iso,
      opening_at: iso,
    });
    assert(patch.status === 200, `patch: ${patch.status} ${JSON.stringify(patch.json)}`);
    await staff.reload();
    await byTestId(staff, 'tender-publish').click();
    await byTestId(staff, 'tender-open').waitFor({ state: 'visible' });
    const p = await api('GET', `/api/v1/projects/${projectId}`);
    assert(p.json.channel === 'tender', `channel: ${p.json.channel}`);
  });

  // 4. Bid, by the organization (sealed until opening).
  const org = await ctx.loginAs(orgUser, pass);
  await step(org, 'cycle-bid', async () => {
    await byTestId(org, 'menu-tenders').click();
    await byTestId(org, `bid-${tenderId}`).click();
    await byTestId(org, 'bid-price').fill(String(price / 100));
    await byTestId(org, 'bid-team').fill('何婉仪，李敏');
    await org.locator('.el-dialog:visible input[type=file]').setInputFiles({
      name: '投标方案.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(
        '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
      ),
    });
    await org.getByText('投标方案.pdf').first().waitFor({ state: 'visible' });
    await byTestId(org, 'bid-send').click();
    await org.locator('.el-dialog:visible').waitFor({ state: 'hidden' });
    const seen = await api('GET', `/api/v1/tenders/${tenderId}`);
    assert(seen.json.bids.length === 1, `bids: ${seen.json.bids.length}`);
    assert(seen.json.bids.every((x) => x.price == null), 'the admin sees no price before opening');
  });

  // 5. Opening, by the staff member, once the deadline has passed.
  await step(staff, 'cycle-open', async () => {
    const wait = deadline - Date.now() + 1500;
    if (wait > 0) await staff.waitForTimeout(wait);
    await staff.reload();
    await byTestId(staff, 'tender-open').click();
    await byTestId(staff, 'tender-detail-state').getByText(/已开标|Opened/).waitFor();
    const text = await byTestId(staff, 'tender-bids').innerText();
    assert(text.includes('96,000'), `price after opening: ${text}`);
  });

  // 6. Scores, by the reviewer.
  const reviewer = await ctx.loginAs(reviewerUser, pass);
  await step(reviewer, 'cycle-score', async () => {
    await byTestId(reviewer, 'menu-tenders').click();
    await byTestId(reviewer, `tender-link-${tenderId}`).click();
    await byTestId(reviewer, 'declare-none').click();
    for (const [id, v] of [
      ['score-0-c1', '88'],
      ['score-0-c2', '92'],
    ]) {
      await field(reviewer, id).waitFor({ state: 'visible' });
      await field(reviewer, id).fill(v);
      await field(reviewer, id).press('Tab');
    }
    await byTestId(reviewer, 'scores-save').click();
    // every score is stored once the success message shows (it follows the last one)
    await reviewer.locator('.el-message--success', { hasText: /已保存|Saved/ }).waitFor();
    await byTestId(reviewer, 'scores-finish').click();
    await byTestId(reviewer, 'tender-detail-state').getByText(/评标完成|Scored/).waitFor();
  });
  await reviewer.context().close();

  // 7. Award, by the admin: the contract with two milestones.
  await step(page, 'cycle-award', async () => {
    await page.goto(`${ctx.BASE}/tenders/${tenderId}`);
    await byTestId(page, 'tender-award').click();
    await byTestId(page, 'award-start').fill(`${year}-01-01`);
    await byTestId(page, 'award-end').fill(`${year}-12-31`);
    await byTestId(page, 'award-confirm').click();
    await byTestId(page, 'tender-contract').waitFor({ state: 'visible' });
    const p = await api('GET', `/api/v1/projects/${projectId}`);
    assert(p.json.state === 'in_progress' && p.json.contract_id, `project: ${p.json.state}`);
    contractId = p.json.contract_id;
    const k = await api('GET', `/api/v1/contracts/${contractId}`);
    assert(k.json.price === price && k.json.provider_org_id === orgId, 'contract price and provider');
  });

  // 8. Progress report, by the organization.
  await step(org, 'cycle-progress-report', async () => {
    await byTestId(org, 'menu-supervision').click();
    await byTestId(org, 'report-new').click();
    await byTestId(org, 'report-form').waitFor({ state: 'visible' });
    const select = org.locator('[data-testid="report-form"] .el-select').first();
    await select.click();
    await org.locator('.el-select-dropdown__item:visible', { hasText: title }).first().click();
    await field(org, 'report-narrative', 'textarea').fill('完成需求调研与两场亲子阅读活动');
    for (const [k, v] of [
      ['total', 80],
      ['female', 50],
      ['male', 30],
      ['children', 40],
      ['adults', 35],
      ['seniors', 5],
    ]) {
      await field(org, `report-${k}`).fill(String(v));
      await field(org, `report-${k}`).press('Tab');
    }
    await field(org, 'report-line-0').fill('活动及物料费');
    await field(org, 'report-yuan-0').fill('15000');
    await byTestId(org, 'report-save').click();
    await byTestId(org, 'report-form').waitFor({ state: 'hidden' });
    const list = await api('GET', `/api/v1/projects/${projectId}/progress-reports`);
    assert(list.json.total === 1 && list.json.items[0].state === 'submitted', 'report submitted');
    reportId = list.json.items[0].id;
  });

  // 9. Tranche: the staff member approves the report and requests it; the finance
  // officer approves it; the staff member releases it.
  await step(staff, 'cycle-tranche-request', async () => {
    await byTestId(staff, 'menu-supervision').click();
    await byTestId(staff, `report-approve-${reportId}`).click();
    // the request is stored once its POST answers (the click does not wait for it)
    await Promise.all([
      staff.waitForResponse(
        (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/tranches',
      ),
      byTestId(staff, `report-tranche-${reportId}`).click(),
    ]);
    const list = await api('GET', `/api/v1/tranches?project_id=${projectId}`);
    assert(list.json.total === 1, `tranches: ${list.json.total}`);
    trancheId = list.json.items[0].id;
    assert(list.json.items[0].amount === price / 2, `amount: ${list.json.items[0].amount}`);
  });
  const finance = await ctx.loginAs(financeUser, pass);
  await step(finance, 'cycle-tranche-approve', async () => {
    await byTestId(finance, 'menu-supervision').click();
    await finance.locator('#tab-tranches').click();
    await byTestId(finance, `tranche-approve-${trancheId}`).click();
    await byTestId(finance, `tranche-release-${trancheId}`).waitFor({ state: 'visible' });
  });
  await finance.context().close();
  await step(staff, 'cycle-tranche-release', async () => {
    await staff.reload();
    await staff.locator('#tab-tranches').click();
    await byTestId(staff, `tranche-release-${trancheId}`).click();
    await staff
      .locator(`[data-testid="tranche-state-${trancheId}"]`, { hasText: /已拨付|Released/ })
      .waitFor({ state: 'visible' });
    const k = await api('GET', `/api/v1/contracts/${contractId}`);
    assert(k.json.paid === price / 2, `paid: ${k.json.paid}`);
  });

  // 10. Close-out: the organization's final report; the staff member accepts,
  // evaluates and closes.
  await step(org, 'cycle-final-report', async () => {
    await byTestId(org, 'menu-closeouts').click();
    const row = byTestId(org, 'closeout-list').locator('.el-table__row', { hasText: title });
    await row.waitFor({ state: 'visible' });
    await row.click();
    await org.waitForURL(/\/closeouts\/\d+$/);
    await byTestId(org, 'report-summary').fill('全年开展亲子阅读与家庭教育活动24场，服务家庭160户');
    await byTestId(org, 'report-women').fill('110');
    await byTestId(org, 'report-men').fill('50');
    await byTestId(org, 'report-age-children').fill('60');
    await byTestId(org, 'report-age-middle_aged').fill('100');
    await byTestId(org, 'report-spent-0').fill('56000');
    await byTestId(org, 'report-spent-1').fill('38000');
    await byTestId(org, 'report-submit').click();
    await byTestId(org, 'closeout-spending').waitFor({ state: 'visible' });
  });
  await org.context().close();

  await step(staff, 'cycle-close', async () => {
    await staff.goto(`${ctx.BASE}/closeouts/${projectId}`);
    await byTestId(staff, 'report-accept').click();
    await byTestId(staff, 'evaluation-score').fill('88');
    await byTestId(staff, 'evaluation-comments').fill('按合同完成，性别分类数据完整');
    await byTestId(staff, 'evaluation-save').click();
    await byTestId(staff, 'evaluation-shown').waitFor({ state: 'visible' });
    await byTestId(staff, 'closeout-close').click();
    await byTestId(staff, 'brand-designate').waitFor({ state: 'visible' });
    const p = await api('GET', `/api/v1/projects/${projectId}`);
    assert(p.json.state === 'closed', `state: ${p.json.state}`);
    // The same figures everywhere: the budget summary counts the released tranche.
    const s = await api('GET', `/api/v1/budget-pools/summary?year=${year}`);
    assert(s.json.total.disbursed >= price / 2, `disbursed: ${s.json.total.disbursed}`);
  });
  await staff.context().close();

  await page.goto(`${ctx.BASE}/home`);
}
