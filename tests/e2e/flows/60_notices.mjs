// Notices: the admin publishes a notice to the organizations of 新会区 through the publish
// dialog (region picked in the tree, recipient count previewed), an account of one of those
// organizations sees it in its inbox (unread badge, unread first) and marks it read, and the
// admin's receipts move from unread to read.

/** The tree row (.el-tree-node__content) whose region name is exactly `name`. */
function treeRow(scope, name) {
  const exact = new RegExp(`^\\s*${name}\\s*$`);
  return scope
    .locator(".el-tree-node__content")
    .filter({ has: scope.page().locator(".node-name", { hasText: exact }) })
    .first();
}

async function expandRow(scope, name) {
  const row = treeRow(scope, name);
  await row.waitFor({ state: "visible" });
  const expanded = await row.evaluate((el) =>
    el.parentElement.classList.contains("is-expanded"),
  );
  if (!expanded) await row.locator(".el-tree-node__expand-icon").click();
}

export default async function notices(ctx) {
  const { page, step, assert, byTestId, BASE } = ctx;
  const stamp = Date.now().toString(36);
  const title = `关于报送季度服务数据的通知 ${stamp}`;
  let noticeId = 0;
  let recipients = 0;

  // The screenshots are read in Chinese; the language found is restored at the end.
  const wasEnglish = await byTestId(page, "lang-en")
    .evaluate((el) => el.classList.contains("is-active"))
    .catch(() => false);
  await byTestId(page, "lang-zh-CN").click();

  await step(page, "notice-publish", async () => {
    await page.goto(`${BASE}/notices`);
    await byTestId(page, "notice-table").waitFor({ state: "visible" });
    await byTestId(page, "notice-publish-open").click();
    const dialog = byTestId(page, "notice-publish-dialog");
    await byTestId(page, "notice-title").waitFor({ state: "visible" });
    await byTestId(page, "notice-title").fill(title);
    await byTestId(page, "notice-body").fill(
      "新会区各妇女社会组织：请于本月25日前在平台更新会员人数和服务项目情况。\n江门市妇联",
    );
    await byTestId(page, "notice-audience-region").click();
    const popper = page.locator(".el-popper.region-select-popper:visible");
    await popper.waitFor({ state: "visible" });
    const xinhui = treeRow(popper, "新会区");
    if (!(await xinhui.isVisible({ timeout: 3000 }).catch(() => false))) {
      const jiangmen = treeRow(popper, "江门市");
      if (!(await jiangmen.isVisible({ timeout: 1000 }).catch(() => false))) {
        const rootName = (
          await popper
            .locator(".el-tree-node__content .node-name")
            .first()
            .textContent()
        ).trim();
        await expandRow(popper, rootName);
      }
      await expandRow(popper, "江门市");
    }
    await xinhui.click();
    await popper.waitFor({ state: "hidden" });
    const preview = byTestId(page, "notice-preview-count");
    await page.waitForFunction(
      (el) => /将发送给 \d+ 个机构/.test(el.textContent || ""),
      await preview.elementHandle(),
    );
    const previewText = await preview.innerText();
    recipients = Number(previewText.match(/(\d+)/)[1]);
    assert(recipients > 0, `preview shows recipients: ${previewText}`);
    await byTestId(page, "notice-publish-submit").click();
    await dialog.waitFor({ state: "hidden" });
    await page.waitForURL(/\/notices\/\d+$/);
    noticeId = Number(new URL(page.url()).pathname.split("/").pop());
    await byTestId(page, "notice-detail-title").waitFor({ state: "visible" });
    await page.waitForFunction(
      (el) => /共 [1-9]\d* 个机构/.test(el.textContent || ""),
      await byTestId(page, "notice-receipt-text").elementHandle(),
    );
    const summary = await byTestId(page, "notice-receipt-text").innerText();
    assert(
      summary.includes(`共 ${recipients} 个机构，已读 0`),
      `receipts start at 0 read: ${summary}`,
    );
    const n = await ctx.api("GET", `/api/v1/notices/${noticeId}`);
    assert(
      n.status === 200 && n.json.region_code === "440705000000",
      "notice scoped to 新会区",
    );
  });

  // An account for one recipient organization (the demo passwords are not known).
  const rec = await ctx.api(
    "GET",
    `/api/v1/notices/${noticeId}/receipts?read=false&size=1`,
  );
  assert(
    rec.status === 200 && rec.json.items.length === 1,
    "an unread recipient",
  );
  const org = rec.json.items[0];
  const username = `e2e_org_${stamp}`;
  const password = "Notice-Org-Pass-2026";
  const made = await ctx.api("POST", "/api/v1/users", {
    username,
    display_name: `${org.org_name} 联络员`,
    role: "org",
    region_code: org.region_code,
    password,
    org_id: org.org_id,
  });
  assert(
    made.status === 201,
    `org account created: ${made.status} ${JSON.stringify(made.json)}`,
  );

  const orgPage = await ctx.loginAs(username, password);
  await step(orgPage, "notice-inbox-read", async () => {
    const badge = byTestId(orgPage, "menu-inbox-badge");
    await badge.waitFor({ state: "visible" });
    await byTestId(orgPage, "menu-inbox").click();
    await orgPage.waitForURL(/\/inbox$/);
    const row = byTestId(orgPage, `inbox-row-${noticeId}`);
    await row.waitFor({ state: "visible" });
    const first = await byTestId(orgPage, "inbox-table")
      .locator(".el-table__row")
      .first()
      .innerText();
    assert(first.includes("未读"), `unread first: ${first}`);
    await row.click();
    const drawer = byTestId(orgPage, "inbox-drawer");
    await drawer
      .locator("text=请于本月25日前")
      .first()
      .waitFor({ state: "visible" });
    await byTestId(orgPage, "inbox-drawer-read").click();
    await drawer.locator("text=已读").first().waitFor({ state: "visible" });
    const again = await ctx.api(
      "GET",
      `/api/v1/notices/${noticeId}/receipts?read=true`,
    );
    assert(
      again.json.items.some((x) => x.org_id === org.org_id),
      "the receipt lists the organization as read",
    );
  });
  await orgPage.context().close();

  await step(page, "notice-receipts-move", async () => {
    await page.goto(`${BASE}/notices/${noticeId}`);
    const text = byTestId(page, "notice-receipt-text");
    await text.waitFor({ state: "visible" });
    await page.waitForFunction(
      (el) => /共 [1-9]\d* 个机构/.test(el.textContent || ""),
      await text.elementHandle(),
    );
    const summary = await text.innerText();
    assert(summary.includes("已读 1"), `one read now: ${summary}`);
    await byTestId(page, "notice-receipt-read").click();
    await byTestId(page, "notice-receipts")
      .locator(".el-table__row", { hasText: org.org_name })
      .waitFor({ state: "visible" });
    if (wasEnglish) await byTestId(page, "lang-en").click();
    await page.goto(`${BASE}/home`);
  });
}
