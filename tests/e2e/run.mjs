// Browser end-to-end test of the web UI: drives Debian's chromium through playwright-core
// against a running Shuniu server. Env: SHUNIU_URL, E2E_USER, E2E_PASS, E2E_ARTIFACTS.
// Prints "N passed, N failed" last; exits non-zero on any failure.
import { createRequire } from 'node:module';
import { createHmac } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const require = createRequire(new URL('../../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const BASE = (process.env.SHUNIU_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const USER = process.env.E2E_USER || 'admin';
const PASS = process.env.E2E_PASS || '';
const ARTIFACTS = path.resolve(process.env.E2E_ARTIFACTS || 'test-artifacts/e2e');
const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS || 15000);

const results = { passed: 0, failed: 0, skipped: 0 };
let aborted = false;
let stepNo = 0;

/** Runs one named step, screenshots afterwards; after a failure later steps are skipped. */
async function step(page, name, fn) {
  stepNo += 1;
  const tag = `${String(stepNo).padStart(2, '0')}-${name}`;
  if (aborted) {
    results.skipped += 1;
    console.log(`SKIP ${tag}`);
    return;
  }
  const started = Date.now();
  try {
    await fn();
    results.passed += 1;
    console.log(`PASS ${tag} (${Date.now() - started} ms)`);
  } catch (e) {
    results.failed += 1;
    aborted = true;
    console.log(`FAIL ${tag}: ${e && e.stack ? e.stack : e}`);
  }
  try {
    await page.waitForTimeout(400); // let Element Plus transitions settle
    await page.screenshot({ path: path.join(ARTIFACTS, `${tag}.png`), fullPage: true });
  } catch (e) {
    console.log(`  (screenshot failed: ${e.message})`);
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(`assertion failed: ${message}`);
}

const byTestId = (page, id) => page.locator(`[data-testid="${id}"]`);

/** RFC 6238 TOTP code (HMAC-SHA1, 6 digits, 30 s) of a base32 secret at unix time `t`. */
function totpCode(secretB32, t = Date.now() / 1000) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of secretB32.replace(/[\s=]/g, '').toUpperCase()) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Error(`bad base32 character ${ch}`);
    bits += v.toString(2).padStart(5, '0');
  }
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(t / 30)));
  const h = createHmac('sha1', key).update(msg).digest();
  const off = h[h.length - 1] & 0xf;
  return String((h.readUInt32BE(off) & 0x7fffffff) % 1e6).padStart(6, '0');
}

/** The tree row (.el-tree-node__content) whose region name is exactly `name`. */
function treeRow(scope, name) {
  const exact = new RegExp(`^\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  return scope
    .locator('.el-tree-node__content')
    .filter({ has: scope.page().locator('.node-name', { hasText: exact }) })
    .first();
}

/** Expands the tree row named `name` by clicking its expand icon, unless already expanded. */
async function expandRow(scope, name) {
  const row = treeRow(scope, name);
  await row.waitFor({ state: 'visible', timeout: TIMEOUT });
  const expanded = await row.evaluate((el) =>
    el.parentElement.classList.contains('is-expanded'),
  );
  if (!expanded) await row.locator('.el-tree-node__expand-icon').click();
  return row;
}

/** The visible child rows directly under the tree row `row`. */
function childRows(row) {
  return row.locator(
    'xpath=../div[contains(@class,"el-tree-node__children")]/div/div[contains(@class,"el-tree-node__content")]',
  );
}

/** Calls the API with the session of `page` (CSRF token from /auth/me); returns {status, json}. */
async function api(page, method, apiPath, body) {
  const me = await page.request.get(`${BASE}/api/v1/auth/me`);
  const csrf = (await me.json()).csrf_token;
  const res = await page.request.fetch(`${BASE}${apiPath}`, {
    method,
    data: body === undefined ? undefined : body,
    headers: { 'X-CSRF-Token': csrf || '', Origin: BASE },
  });
  let json = null;
  try {
    json = await res.json();
  } catch {
    // not JSON
  }
  return { status: res.status(), json };
}

/** A new browser context signed in as `user` through the login page; returns its page. */
async function loginAs(browser, user, pass) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('pageerror', (e) => console.log(`  [pageerror ${user}] ${e.message}`));
  await page.goto(`${BASE}/login`);
  await byTestId(page, 'login-username').fill(user);
  await byTestId(page, 'login-password').fill(pass);
  await byTestId(page, 'login-submit').click();
  await byTestId(page, 'home-welcome').waitFor({ state: 'visible' });
  return page;
}

async function main() {
  mkdirSync(ARTIFACTS, { recursive: true });
  if (!PASS) console.log('warning: E2E_PASS is empty');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('pageerror', (e) => console.log(`  [pageerror] ${e.message}`));

  const username = `e2e_${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;

  await step(page, 'login', async () => {
    await page.goto(`${BASE}/login`);
    await byTestId(page, 'login-username').fill(USER);
    await byTestId(page, 'login-password').fill(PASS);
    await byTestId(page, 'login-submit').click();
    await byTestId(page, 'home-welcome').waitFor({ state: 'visible' });
    assert(page.url().endsWith('/home'), `expected /home, got ${page.url()}`);
    await byTestId(page, 'menu-users').waitFor({ state: 'visible' });
  });

  await step(page, 'regions-browse', async () => {
    await byTestId(page, 'menu-regions').click();
    const tree = byTestId(page, 'region-tree');
    await tree.waitFor({ state: 'visible' });
    // The root is the admin's region; above Jiangmen, open the way down to it first.
    const jiangmen = treeRow(tree, '江门市');
    if (!(await jiangmen.isVisible({ timeout: 3000 }).catch(() => false))) {
      const root = tree.locator('.el-tree-node__content').first();
      await root.waitFor({ state: 'visible' });
      const rootName = (await root.locator('.node-name').textContent()).trim();
      if (rootName !== '江门市') await expandRow(tree, rootName);
    }
    await expandRow(tree, '江门市');
    await treeRow(tree, '新会区').waitFor({ state: 'visible' });
    await expandRow(tree, '新会区');
    await treeRow(tree, '会城街道').waitFor({ state: 'visible' });
    const huicheng = await expandRow(tree, '会城街道');
    const kids = childRows(huicheng);
    await kids.first().waitFor({ state: 'visible' });
    const community = (await kids.first().locator('.node-name').textContent()).trim();
    assert(community.length > 0, 'a community appears under 会城街道');
    console.log(`  community: ${community} (${await kids.count()} under 会城街道)`);
    await kids.first().locator('.node-name').click();
    const detail = byTestId(page, 'region-detail');
    await detail.getByText('会城街道', { exact: false }).first().waitFor({ state: 'visible' });
    const text = await detail.innerText();
    assert(text.includes(community), `details show ${community}`);
    assert(text.includes('新会区'), 'details path includes 新会区');
  });

  await step(page, 'user-create', async () => {
    await byTestId(page, 'menu-users').click();
    await byTestId(page, 'user-table').waitFor({ state: 'visible' });
    await byTestId(page, 'user-create').click();
    const dialog = page.locator('.el-dialog').filter({ has: byTestId(page, 'user-form-username') });
    await dialog.waitFor({ state: 'visible' });
    await byTestId(page, 'user-form-username').fill(username);
    await byTestId(page, 'user-form-display-name').fill('E2E 工作人员');
    await byTestId(page, 'user-form-role').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '工作人员' }).click();
    await byTestId(page, 'user-form-region').click();
    const popper = page.locator('.el-popper.region-select-popper:visible');
    await popper.waitFor({ state: 'visible' });
    const xinhui = treeRow(popper, '新会区');
    if (!(await xinhui.isVisible({ timeout: 3000 }).catch(() => false))) {
      const jiangmen = treeRow(popper, '江门市');
      if (!(await jiangmen.isVisible({ timeout: 1000 }).catch(() => false))) {
        const rootName = (
          await popper.locator('.el-tree-node__content .node-name').first().textContent()
        ).trim();
        await expandRow(popper, rootName);
      }
      await expandRow(popper, '江门市');
    }
    await xinhui.click();
    await popper.waitFor({ state: 'hidden' });
    await byTestId(page, 'user-form-password').fill('Xinhui-Staff-2026-ok');
    await byTestId(page, 'user-form-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await byTestId(page, 'user-search').fill(username);
    await byTestId(page, 'user-search-submit').click();
    const row = byTestId(page, 'user-table').locator('.el-table__row', { hasText: username });
    await row.first().waitFor({ state: 'visible' });
    const rowText = await row.first().innerText();
    assert(rowText.includes('新会区'), `row shows region 新会区: ${rowText}`);
    assert(rowText.includes('工作人员'), `row shows role staff: ${rowText}`);
  });

  // The organization base (needs the Jiangmen demo organizations: `shuniu demo load`).
  await step(page, 'orgs-search', async () => {
    await byTestId(page, 'menu-orgs').click();
    const table = byTestId(page, 'org-table');
    await table.waitFor({ state: 'visible' });
    await table.locator('.el-table__row').first().waitFor({ state: 'visible' });
    await byTestId(page, 'org-search').fill('向日葵');
    await byTestId(page, 'org-search-submit').click();
    await table
      .locator('.el-table__row', { hasText: '江门市向日葵家庭教育指导中心' })
      .waitFor({ state: 'visible' });
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="org-table"] .el-table__row').length === 1,
    );
  });

  await step(page, 'orgs-filter-kind', async () => {
    await byTestId(page, 'org-search').fill('');
    await byTestId(page, 'org-filter-kind').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: /^\s*基金会\s*$/ }).click();
    await byTestId(page, 'org-search-submit').click();
    const table = byTestId(page, 'org-table');
    const row = table.locator('.el-table__row', { hasText: '江门市妇女儿童发展基金会' });
    await row.waitFor({ state: 'visible' });
    await table
      .locator('.el-table__row', { hasText: '向日葵' })
      .waitFor({ state: 'detached' });
    for (const text of await table.locator('.el-table__row').allInnerTexts()) {
      assert(text.includes('基金会'), `every row is a foundation: ${text}`);
    }
  });

  await step(page, 'org-edit-history', async () => {
    const address = `江门市蓬江区建设路 ${Date.now() % 100000} 号`;
    await byTestId(page, 'org-table')
      .locator('.el-table__row', { hasText: '江门市妇女儿童发展基金会' })
      .first()
      .click();
    await byTestId(page, 'org-detail-name').getByText('江门市妇女儿童发展基金会').waitFor();
    assert(/\/orgs\/\d+$/.test(new URL(page.url()).pathname), `detail URL: ${page.url()}`);
    await byTestId(page, 'org-history-item').first().waitFor({ state: 'visible' });
    await byTestId(page, 'org-edit').click();
    const dialog = page.locator('.el-dialog').filter({ has: byTestId(page, 'org-form-address') });
    await dialog.waitFor({ state: 'visible' });
    await byTestId(page, 'org-form-address').fill(address);
    await byTestId(page, 'org-form-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await byTestId(page, 'org-value-address').getByText(address).waitFor({ state: 'visible' });
    const latest = byTestId(page, 'org-history-item').first();
    await latest.getByText(address).waitFor({ state: 'visible' });
    const text = await latest.innerText();
    assert(text.includes('地址'), `history names the field 地址: ${text}`);
  });

  // Spreadsheet import: a UTF-8 CSV with one good and one bad row; the check lists the bad
  // row's kind, the real run creates the good one, which the list search then finds.
  await step(page, 'org-import', async () => {
    const name = `江门市e2e导入测试协会${Date.now().toString(36)}`;
    const csv = [
      '名称(name),类型(kind),所属区划代码(region_code)',
      `${name},志愿者队伍,440705000000`,
      '坏行,不存在的类型,440705000000',
    ].join('\n');
    await byTestId(page, 'menu-orgs').click();
    await byTestId(page, 'org-table').waitFor({ state: 'visible' });
    const exportHref = await byTestId(page, 'org-export').getAttribute('href');
    assert(exportHref.startsWith('/api/v1/orgs/export.xlsx'), `export href: ${exportHref}`);
    const template = await page.request.get(
      `${BASE}${await byTestId(page, 'org-template').getAttribute('href')}`,
    );
    assert(template.status() === 200, `template status ${template.status()}`);
    assert((await template.body()).subarray(0, 2).toString() === 'PK', 'template is .xlsx');
    await byTestId(page, 'org-import-open').click();
    const dialog = page.locator('.el-dialog').filter({ has: byTestId(page, 'org-import-check') });
    await dialog.waitFor({ state: 'visible' });
    await byTestId(page, 'org-import-file').setInputFiles({
      name: 'orgs.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    await byTestId(page, 'org-import-check').click();
    const issues = byTestId(page, 'org-import-issues');
    const bad = issues.locator('.el-table__row').filter({ hasText: 'kind' });
    await bad.first().waitFor({ state: 'visible' });
    const badText = await bad.first().innerText();
    assert(/^\s*3\b/.test(badText), `the kind issue is on row 3: ${badText}`);
    const check = await byTestId(page, 'org-import-summary').innerText();
    assert(check.includes('将新建 1'), `check summary: ${check}`);
    await byTestId(page, 'org-import-run').click();
    await byTestId(page, 'org-import-summary').getByText(/已导入：新建 1 条/).waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/orgs'),
      byTestId(page, 'org-reset').click(),
    ]);
    await byTestId(page, 'org-search').fill(name);
    await byTestId(page, 'org-search-submit').click();
    await byTestId(page, 'org-table')
      .locator('.el-table__row', { hasText: name })
      .waitFor({ state: 'visible' });
  });

  await step(page, 'dashboard-drill', async () => {
    await byTestId(page, 'menu-dashboard').click();
    const bar = byTestId(page, 'dashboard-bar');
    await bar.locator('canvas').first().waitFor({ state: 'visible' });
    await page.waitForTimeout(800); // let the bars' entry animation finish
    const box = await bar.boundingBox();
    const y = box.y + box.height * 0.6;
    // Find the 新会区 column by its tooltip, then click there.
    let hit = null;
    for (let x = box.x + 50; x < box.x + box.width - 10; x += 15) {
      await page.mouse.move(x, y);
      await page.waitForTimeout(60);
      const tip = page.locator('.dashboard-tooltip');
      if ((await tip.count()) && (await tip.first().innerText()).includes('新会区')) {
        hit = x;
        break;
      }
    }
    assert(hit !== null, 'a bar column shows the tooltip of 新会区');
    await page.mouse.click(hit, y);
    const crumbs = byTestId(page, 'dashboard-breadcrumb');
    await crumbs.getByText('新会区').waitFor({ state: 'visible' });
    const text = await crumbs.innerText();
    assert(text.includes('江门市') && text.includes('新会区'), `breadcrumb: ${text}`);
    await byTestId(page, 'dashboard-table')
      .getByText('会城街道')
      .first()
      .waitFor({ state: 'visible' });
  });

  // The drilled-into region (新会区) also gets the year trend, the service-domain bars and an
  // export link whose download is a real .xlsx (the session cookie goes along).
  await step(page, 'dashboard-trend-export', async () => {
    await byTestId(page, 'dashboard-trend').locator('canvas').first().waitFor({ state: 'visible' });
    await byTestId(page, 'dashboard-domains')
      .locator('canvas')
      .first()
      .waitFor({ state: 'visible' });
    const href = await byTestId(page, 'dashboard-export').getAttribute('href');
    assert(href === '/api/v1/stats/orgs/export.xlsx?region=440705000000', `export href: ${href}`);
    const res = await page.request.get(`${BASE}${href}`);
    assert(res.status() === 200, `export status ${res.status()}`);
    const body = await res.body();
    assert(body.subarray(0, 2).toString() === 'PK', 'export is a zip (.xlsx)');
  });

  // Adds a service domain, renames it, retires it: it then leaves the list.
  await step(page, 'dicts-add-retire', async () => {
    const code = `e2e_${Date.now().toString(36)}`;
    await byTestId(page, 'menu-dicts').click();
    await byTestId(page, 'dict-table').waitFor({ state: 'visible' });
    await byTestId(page, 'dict-select').click();
    await byTestId(page, 'dict-option-service_domain').click();
    await byTestId(page, 'dict-add').click();
    await byTestId(page, 'dict-form-code').fill(code);
    await byTestId(page, 'dict-form-name_zh').fill('端到端测试领域');
    await byTestId(page, 'dict-form-name_en').fill('E2E domain');
    await byTestId(page, 'dict-form-save').click();
    const cell = byTestId(page, `dict-row-${code}`);
    await cell.waitFor({ state: 'visible' });
    const row = byTestId(page, 'dict-table').locator('tr', { has: cell });
    await row.locator('[data-testid="dict-edit"]').click();
    await byTestId(page, 'dict-form-name_en').fill('E2E domain (renamed)');
    await byTestId(page, 'dict-form-save').click();
    await row.getByText('E2E domain (renamed)').waitFor({ state: 'visible' });
    await row.locator('[data-testid="dict-retire"]').click();
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await cell.waitFor({ state: 'detached' });
  });

  // Enrols the signed-in user in TOTP (so a later run needs a fresh database, as scripts/test
  // gives it): wrong code first, then the right one; the user menu then shows it as enabled.
  await step(page, 'totp-enrol', async () => {
    await byTestId(page, 'user-menu').click();
    await page.locator('[data-testid="totp-open"]:visible').click();
    const dialog = page.locator('.el-dialog').filter({ has: byTestId(page, 'totp-code') });
    await dialog.waitFor({ state: 'visible' });
    const grouped = (await byTestId(page, 'totp-secret').innerText()).trim();
    assert(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/.test(grouped), `secret in 4-blocks: ${grouped}`);
    const uri = (await byTestId(page, 'totp-uri').innerText()).trim();
    const secret = grouped.replace(/ /g, '');
    assert(uri.startsWith('otpauth://totp/') && uri.includes(`secret=${secret}`), `uri: ${uri}`);
    const qr = byTestId(page, 'totp-qr');
    await qr.waitFor({ state: 'visible' });
    assert((await qr.getAttribute('src')).startsWith('data:image/png'), 'QR is a data: image');
    const near = new Set([-60, -30, 0, 30, 60].map((d) => totpCode(secret, Date.now() / 1000 + d)));
    const wrong = ['000000', '111111', '222222', '333333', '444444', '555555'].find(
      (c) => !near.has(c),
    );
    await byTestId(page, 'totp-code').fill(wrong);
    await byTestId(page, 'totp-submit').click();
    await dialog.locator('.el-form-item__error').waitFor({ state: 'visible' });
    await byTestId(page, 'totp-code').fill(totpCode(secret));
    await byTestId(page, 'totp-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await byTestId(page, 'user-menu').click();
    await page.locator('[data-testid="totp-enabled"]:visible').waitFor({ state: 'visible' });
    await byTestId(page, 'user-menu').click(); // close the menu again
  });

  await step(page, 'language-english', async () => {
    await byTestId(page, 'lang-switch').getByText('English').click();
    await byTestId(page, 'menu-users').getByText('Users').waitFor({ state: 'visible' });
    assert(
      (await byTestId(page, 'menu-regions').innerText()).includes('Regions'),
      'English menu label Regions',
    );
  });

  // Each capability's flows: tests/e2e/flows/*.mjs, run in name order, each
  // exporting `default async function (ctx)`.
  const ctx = {
    browser,
    page,
    step,
    assert,
    byTestId,
    BASE,
    TIMEOUT,
    ARTIFACTS,
    api: (method, apiPath, body) => api(page, method, apiPath, body),
    loginAs: (user, pass) => loginAs(browser, user, pass),
  };
  const flowDir = fileURLToPath(new URL('./flows/', import.meta.url));
  let flows = [];
  try {
    flows = readdirSync(flowDir).filter((f) => f.endsWith('.mjs'));
  } catch {
    // no flows yet
  }
  // E2E_FLOWS=<part of a file name> runs only the matching flows (while developing one).
  const only = process.env.E2E_FLOWS || '';
  for (const file of flows.sort().filter((f) => f.includes(only))) {
    const flow = await import(pathToFileURL(path.join(flowDir, file)).href);
    await flow.default(ctx);
  }

  await step(page, 'logout', async () => {
    await byTestId(page, 'user-menu').click();
    await page.locator('[data-testid="logout"]:visible').click();
    await byTestId(page, 'login-username').waitFor({ state: 'visible' });
    await page.goto(`${BASE}/users`);
    await byTestId(page, 'login-username').waitFor({ state: 'visible' });
    assert(new URL(page.url()).pathname === '/login', `signed out, got ${page.url()}`);
  });

  // The public directory needs no session.
  await step(page, 'public-directory', async () => {
    await page.goto(`${BASE}/public/orgs`);
    const table = byTestId(page, 'public-table');
    await table.locator('.el-table__row').first().waitFor({ state: 'visible' });
    await byTestId(page, 'public-search').fill('向日葵');
    await byTestId(page, 'public-search-submit').click();
    await table
      .locator('.el-table__row', { hasText: '江门市向日葵家庭教育指导中心' })
      .waitFor({ state: 'visible' });
    assert(new URL(page.url()).pathname === '/public/orgs', `stays public: ${page.url()}`);
  });

  await browser.close();
}

try {
  await main();
} catch (e) {
  results.failed += 1;
  console.log(`FAIL setup: ${e && e.stack ? e.stack : e}`);
}
const skipped = results.skipped ? `, ${results.skipped} skipped` : '';
console.log(`${results.passed} passed, ${results.failed} failed${skipped}`);
process.exit(results.failed === 0 && results.skipped === 0 ? 0 : 1);
