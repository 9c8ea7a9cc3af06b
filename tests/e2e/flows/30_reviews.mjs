// Annual review: an org account of a demo organization starts its review, uploads the
// three files, fills the disclosure and submits; the admin reviews it with the
// checklist and decides 基本合格 with a reason; the org account sees the result.
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);
const ORG = '江门市女律师联谊会';

export default async function reviews(ctx) {
  const { page, step, assert, byTestId, BASE } = ctx;
  const user = `e2e_rv_${Date.now().toString(36)}`;
  const pass = 'E2e-Review-Pass-2026';
  let orgId = 0;
  let year = 0;
  let reviewId = 0;
  let orgPage = null;
  let checklist = [];

  await step(page, 'reviews-org-account', async () => {
    const orgs = await ctx.api('GET', `/api/v1/orgs?q=${encodeURIComponent(ORG)}`);
    assert(orgs.status === 200 && orgs.json.items.length > 0, `demo org ${ORG}`);
    const org = orgs.json.items[0];
    orgId = org.id;
    const mine = await ctx.api('GET', `/api/v1/annual-reviews?org_id=${orgId}&size=200`);
    const used = new Set(mine.json.items.map((r) => r.year));
    const thisYear = new Date().getFullYear();
    for (let y = thisYear - 2; y > thisYear - 6; y -= 1) {
      if (!used.has(y)) {
        year = y;
        break;
      }
    }
    assert(year > 0, 'a free year for the flow');
    const created = await ctx.api('POST', '/api/v1/users', {
      username: user,
      display_name: `${ORG} 年审填报员`,
      role: 'org',
      region_code: org.region_code,
      password: pass,
      org_id: orgId,
    });
    assert(
      created.status === 201,
      `org account: ${created.status} ${JSON.stringify(created.json)}`,
    );
    checklist = (await ctx.api('GET', '/api/v1/annual-reviews/checklist')).json.items;
    orgPage = await ctx.loginAs(user, pass);
  });

  await step(orgPage || page, 'reviews-org-fills-and-submits', async () => {
    await byTestId(orgPage, 'menu-reviews').click();
    await byTestId(orgPage, 'reviews-page').waitFor({ state: 'visible' });
    await byTestId(orgPage, 'review-new-year').click();
    await orgPage
      .locator('.el-select-dropdown__item:visible', { hasText: String(year) })
      .first()
      .click();
    await byTestId(orgPage, 'review-start').click();
    await byTestId(orgPage, 'review-detail').waitFor({ state: 'visible' });
    await orgPage.waitForURL(/\/annual-reviews\/\d+$/);
    reviewId = Number(orgPage.url().split('/').pop());
    for (const [field, name] of [
      ['work_report_file_id', `${year}年度工作报告.pdf`],
      ['financial_file_id', `${year}年度财务报表.pdf`],
      ['audit_file_id', `${year}年度审计报告.pdf`],
    ]) {
      await byTestId(orgPage, `review-file-${field}-input`).setInputFiles({
        name,
        mimeType: 'application/pdf',
        buffer: PDF,
      });
      await byTestId(orgPage, `review-file-${field}-link`).waitFor({
        state: 'visible',
      });
    }
    await byTestId(orgPage, 'review-governance').fill(
      '按章程召开理事会4次、会员大会1次,完成换届。',
    );
    await byTestId(orgPage, 'review-activities').fill(
      '开展妇女法律援助讲座24场,代理维权案件15宗。',
    );
    await byTestId(orgPage, 'review-income_fen').fill('286000');
    await byTestId(orgPage, 'review-income_government_fen').fill('200000');
    await byTestId(orgPage, 'review-income_donations_fen').fill('86000');
    await byTestId(orgPage, 'review-spending_fen').fill('251234.5');
    const staff = byTestId(orgPage, 'review-staff_fulltime')
      .locator('xpath=descendant-or-self::input')
      .first();
    await staff.fill('4');
    await staff.blur();
    await byTestId(orgPage, 'review-submit').click();
    await orgPage
      .locator('[data-testid="review-state"]', { hasText: /已提交|Submitted/ })
      .waitFor({ state: 'visible' });
    const r = await ctx.api('GET', `/api/v1/annual-reviews/${reviewId}`);
    assert(r.json.state === 'submitted', `state ${r.json.state}`);
    assert(
      r.json.disclosure.spending_fen === 25123450,
      `spending ${r.json.disclosure.spending_fen}`,
    );
    assert(r.json.disclosure.staff_fulltime === 4, `staff ${r.json.disclosure.staff_fulltime}`);
  });

  await step(page, 'reviews-admin-decides', async () => {
    await page.goto(`${BASE}/annual-reviews/${reviewId}`);
    await byTestId(page, 'review-checklist').waitFor({ state: 'visible' });
    for (const k of checklist) {
      await byTestId(page, `check-${k}-${k === 'disclosure_complete' ? 'no' : 'yes'}`).click();
    }
    await byTestId(page, 'decide-result-basically_qualified').click();
    await byTestId(page, 'decide-reasons').fill('部分活动未按时公示,财务票据管理有待规范。');
    await byTestId(page, 'review-decide').click();
    await page
      .locator('[data-testid="review-result"]', {
        hasText: /基本合格|Basically qualified/,
      })
      .waitFor({ state: 'visible' });
    const r = await ctx.api('GET', `/api/v1/annual-reviews/${reviewId}`);
    assert(r.json.result === 'basically_qualified', `result ${r.json.result}`);
    assert(r.json.checklist.disclosure_complete === 'no', 'checklist answer kept');
  });

  await step(orgPage || page, 'reviews-org-sees-result', async () => {
    await orgPage.goto(`${BASE}/annual-reviews/${reviewId}`);
    await orgPage
      .locator('[data-testid="review-result"]', {
        hasText: /基本合格|Basically qualified/,
      })
      .waitFor({ state: 'visible' });
    const decision = await byTestId(orgPage, 'review-decision').innerText();
    assert(decision.includes('财务票据管理有待规范'), `reasons shown: ${decision}`);
    await orgPage.goto(`${BASE}/public/disclosures`);
    await byTestId(orgPage, 'disclosure-table').waitFor({ state: 'visible' });
  });
  if (orgPage) await orgPage.context().close();
  await page.goto(`${BASE}/home`);
}
