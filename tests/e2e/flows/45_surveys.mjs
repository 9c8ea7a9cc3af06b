// Needs surveys in the browser: the admin builds a survey in the UI (a single-choice, a
// scale and a text question) targeted at the organizations of one town, previews the
// target count and opens it; an org account of one target organization fills it in and
// submits; the admin opens the results and sees the chart with one response.

/** The tree row (.el-tree-node__content) whose region name is exactly `name`. */
function treeRow(scope, name) {
  const exact = new RegExp(`^\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  return scope
    .locator('.el-tree-node__content')
    .filter({ has: scope.page().locator('.node-name', { hasText: exact }) })
    .first();
}

async function expandRow(scope, name, timeout) {
  const row = treeRow(scope, name);
  await row.waitFor({ state: 'visible', timeout });
  const expanded = await row.evaluate((el) => el.parentElement.classList.contains('is-expanded'));
  if (!expanded) await row.locator('.el-tree-node__expand-icon').click();
  return row;
}

export default async function surveys(ctx) {
  const { page, step, assert, byTestId, api, TIMEOUT } = ctx;
  const stamp = Date.now().toString(36);
  const title = `E2E 需求调查 ${stamp}`;
  let town = null; // { code, name, path: [names from the city down] }
  let target = null; // the organization whose account answers
  let expected = 0;
  let surveyId = 0;
  const orgUser = `e2e_sv_${stamp}`;
  const orgPass = 'Survey-Org-Pass-2026';

  let english = false;
  await step(page, 'surveys-chinese', async () => {
    // An earlier flow may have switched the admin's page to English.
    english = (await byTestId(page, 'menu-users').innerText()).includes('Users');
    if (english) {
      await byTestId(page, 'lang-switch').getByText('中文').click();
      await byTestId(page, 'menu-users').getByText('用户').waitFor({ state: 'visible' });
    }
  });

  await step(page, 'surveys-pick-town', async () => {
    // A town of 新会区 with organizations (the demo puts them in towns and villages).
    const orgs = await api('GET', '/api/v1/orgs?region=440705000000&size=200&sort=region_code');
    assert(orgs.status === 200, `orgs: ${orgs.status}`);
    const candidates = orgs.json.items.filter(
      (o) => o.region_code.slice(6, 9) !== '000' && o.status !== 'deregistered',
    );
    assert(candidates.length > 0, 'an organization below the county level in 新会区');
    target = candidates[0];
    const code = `${target.region_code.slice(0, 9)}000`;
    const region = await api('GET', `/api/v1/regions/${code}`);
    assert(region.status === 200, `region ${code}: ${region.status}`);
    town = { code, name: region.json.name };
    const preview = await api('POST', '/api/v1/surveys/target-preview', {
      target: { region: code },
    });
    assert(preview.status === 200, `preview: ${preview.status}`);
    expected = preview.json.count;
    assert(expected >= 1, `organizations in ${town.name}: ${expected}`);
  });

  await step(page, 'surveys-build', async () => {
    await byTestId(page, 'menu-surveys').click();
    await byTestId(page, 'survey-table').waitFor({ state: 'visible' });
    await byTestId(page, 'survey-new').click();
    await byTestId(page, 'survey-title').fill(title);
    await byTestId(page, 'survey-description').fill('请各组织如实填写。');
    // Target: the town, picked in the region tree.
    await byTestId(page, 'survey-target-region').click();
    const popper = page.locator('.el-popper.region-select-popper:visible');
    await popper.waitFor({ state: 'visible' });
    const jiangmen = treeRow(popper, '江门市');
    if (!(await jiangmen.isVisible({ timeout: 3000 }).catch(() => false))) {
      const rootName = (
        await popper.locator('.el-tree-node__content .node-name').first().textContent()
      ).trim();
      await expandRow(popper, rootName, TIMEOUT);
    }
    await expandRow(popper, '江门市', TIMEOUT);
    await expandRow(popper, '新会区', TIMEOUT);
    await treeRow(popper, town.name).click();
    await popper.waitFor({ state: 'hidden' });
    const count = byTestId(page, 'survey-target-count');
    await page.waitForFunction(
      ([sel, n]) => document.querySelector(sel)?.getAttribute('data-count') === String(n),
      ['[data-testid="survey-target-count"]', expected],
      { timeout: TIMEOUT },
    );
    assert((await count.innerText()).includes(String(expected)), 'target count shown');
    // Question 1 (single choice, made required), then a scale and a text question.
    await byTestId(page, 'survey-q-title-0').fill('最需要的支持');
    await byTestId(page, 'survey-q-required-0').click();
    await byTestId(page, 'survey-q-0-opt-0').fill('项目资金');
    await byTestId(page, 'survey-q-0-opt-1').fill('专业培训');
    await byTestId(page, 'survey-q-0-add-option').click();
    await byTestId(page, 'survey-q-0-opt-2').fill('场地支持');
    await byTestId(page, 'survey-add-scale').click();
    await byTestId(page, 'survey-q-title-1').fill('组织能力自评');
    await byTestId(page, 'survey-add-text').click();
    await byTestId(page, 'survey-q-title-2').fill('其他建议');
    await byTestId(page, 'survey-save-open').click();
    await byTestId(page, 'survey-table').waitFor({ state: 'visible' });
    await byTestId(page, 'survey-search').fill(title);
    await byTestId(page, 'survey-search').press('Enter');
    const row = byTestId(page, 'survey-table').locator('.el-table__row', { hasText: title });
    await row.waitFor({ state: 'visible' });
    const text = await row.innerText();
    assert(text.includes('进行中'), `survey row is open: ${text}`);
    assert(text.includes(`0 / ${expected}`), `survey row shows 0 / ${expected}: ${text}`);
    const found = await api('GET', `/api/v1/surveys?q=${encodeURIComponent(stamp)}`);
    surveyId = found.json.items[0].id;
    assert(found.json.items[0].questions.length === 3, 'three questions saved');
  });

  await step(page, 'surveys-org-account', async () => {
    const res = await api('POST', '/api/v1/users', {
      username: orgUser,
      display_name: `${target.name} 填报员`,
      role: 'org',
      org_id: target.id,
      region_code: target.region_code,
      password: orgPass,
    });
    assert(res.status === 201, `org account: ${res.status} ${JSON.stringify(res.json)}`);
  });

  const orgPage = await ctx.loginAs(orgUser, orgPass);
  await step(orgPage, 'surveys-fill', async () => {
    await byTestId(orgPage, 'menu-surveys').click();
    const row = byTestId(orgPage, 'survey-table').locator('.el-table__row', { hasText: title });
    await row.waitFor({ state: 'visible' });
    assert((await row.innerText()).includes('未填写'), 'not answered yet');
    await row.locator('[data-testid="survey-fill"]').click();
    await byTestId(orgPage, 'survey-fill-title').waitFor({ state: 'visible' });
    // Submitting without the required answer is stopped in the page.
    await byTestId(orgPage, 'survey-submit').click();
    await orgPage
      .locator('[data-testid="survey-answer-0"] .el-form-item__error')
      .waitFor({ state: 'visible' });
    await byTestId(orgPage, 'survey-answer-0').locator('.el-radio', { hasText: '专业培训' }).click();
    await byTestId(orgPage, 'survey-answer-1')
      .locator('.el-radio-button', { hasText: '4' })
      .click();
    await byTestId(orgPage, 'survey-answer-2').locator('textarea').fill('希望多组织财务培训');
    await byTestId(orgPage, 'survey-submit').click();
    await byTestId(orgPage, 'survey-submitted').waitFor({ state: 'visible' });
    await byTestId(orgPage, 'menu-surveys').click();
    const after = byTestId(orgPage, 'survey-table').locator('.el-table__row', { hasText: title });
    await after.waitFor({ state: 'visible' });
    await orgPage.waitForFunction(
      (t) =>
        [...document.querySelectorAll('[data-testid="survey-table"] .el-table__row')].some(
          (r) => r.textContent.includes(t) && r.textContent.includes('已提交'),
        ),
      title,
      { timeout: TIMEOUT },
    );
  });
  await orgPage.context().close();

  await step(page, 'surveys-results', async () => {
    await page.goto(`${ctx.BASE}/surveys/${surveyId}/results`);
    const rate = byTestId(page, 'survey-rate');
    await rate.waitFor({ state: 'visible' });
    assert((await rate.getAttribute('data-responses')) === '1', 'one response');
    assert((await rate.innerText()).includes(`已答 1 / 目标 ${expected}`), await rate.innerText());
    const chart = byTestId(page, 'survey-chart-0');
    await chart.locator('canvas').waitFor({ state: 'visible' });
    const box = await chart.boundingBox();
    assert(box && box.height > 100 && box.width > 200, `chart size ${JSON.stringify(box)}`);
    const table = byTestId(page, 'survey-result-0').locator('.el-table__row', {
      hasText: '专业培训',
    });
    assert((await table.innerText()).includes('1'), 'the chosen option counted once');
    assert(
      (await byTestId(page, 'survey-texts-2').innerText()).includes('希望多组织财务培训'),
      'text answer listed with the organization',
    );
    const href = await byTestId(page, 'survey-export-answers').getAttribute('href');
    assert(href === `/api/v1/surveys/${surveyId}/export.xlsx?part=answers`, `export ${href}`);
    const xlsx = await page.request.get(`${ctx.BASE}${href}`);
    assert(xlsx.status() === 200, `export: ${xlsx.status()}`);
    assert((await xlsx.body()).subarray(0, 2).toString() === 'PK', 'an .xlsx (zip) file');
  });

  await step(page, 'surveys-done', async () => {
    await page.goto(`${ctx.BASE}/home`);
    await byTestId(page, 'home-welcome').waitFor({ state: 'visible' });
    if (english) await byTestId(page, 'lang-switch').getByText('English').click();
  });
}
