// The public tender in the browser, as four users: a staff member drafts a tender
// notice for an approved project, puts a reviewer on the panel and publishes it; an
// organization account bids (sealed: staff see no price); the staff member opens the
// bids after the deadline; the reviewer declares no conflict and scores; the admin
// (not a scorer) awards it, which creates the contract and the public award notice.

/** Calls the API with the session of `p` (CSRF token from /auth/me). */
async function apiAs(ctx, p, method, apiPath, body) {
  const me = await p.request.get(`${ctx.BASE}/api/v1/auth/me`);
  const csrf = (await me.json()).csrf_token;
  const res = await p.request.fetch(`${ctx.BASE}${apiPath}`, {
    method,
    data: body,
    headers: { "X-CSRF-Token": csrf || "", Origin: ctx.BASE },
  });
  let json = null;
  try {
    json = await res.json();
  } catch {
    // not JSON
  }
  return { status: res.status(), json };
}

const inputOf = (page, id) =>
  page
    .locator(`[data-testid="${id}"] input, input[data-testid="${id}"]`)
    .first();

export default async function tenders(ctx) {
  const { page, step, assert, byTestId, api } = ctx;
  const stamp = Date.now().toString(36);
  const title = `E2E 公开招标项目 ${stamp}`;
  const pass = "Tender-Flow-Pass-2026";
  const staffUser = `e2e_td_staff_${stamp}`;
  const reviewerUser = `e2e_td_rev_${stamp}`;
  const orgUser = `e2e_td_org_${stamp}`;
  const orgName = "江门市向日葵家庭教育指导中心";
  const year = new Date().getFullYear() + 1;
  let projectId = 0;
  let tenderId = 0;
  let orgId = 0;
  let deadline = 0;

  await step(page, "tenders-setup", async () => {
    const orgs = await api(
      "GET",
      `/api/v1/orgs?q=${encodeURIComponent(orgName)}`,
    );
    orgId = orgs.json.items[0].id;
    for (const [username, role, extra] of [
      [staffUser, "staff", {}],
      [reviewerUser, "reviewer", {}],
      [orgUser, "org", { org_id: orgId }],
    ]) {
      const u = await api("POST", "/api/v1/users", {
        username,
        display_name: `招标 ${role}`,
        role,
        region_code: "440700000000",
        password: pass,
        ...extra,
      });
      assert(
        u.status === 201,
        `${role} user: ${u.status} ${JSON.stringify(u.json)}`,
      );
    }
    const pools = await api(
      "GET",
      `/api/v1/budget-pools?year=${year}&source=fiscal_budget`,
    );
    let pool = pools.json.items.find((p) => p.region_code === "440700000000");
    if (!pool) {
      const p = await api("POST", "/api/v1/budget-pools", {
        year,
        source: "fiscal_budget",
        region_code: "440700000000",
        planned: 10000000000,
      });
      assert(p.status === 201, `pool: ${p.status}`);
      pool = p.json;
    }
    const pr = await api("POST", "/api/v1/projects", {
      title,
      department: "发展部",
      year,
      region_code: "440700000000",
      budget_lines: [{ name: "服务费", amount: 20000000 }],
    });
    assert(pr.status === 201, `project: ${pr.status}`);
    projectId = pr.json.id;
    assert(
      (await api("POST", `/api/v1/projects/${projectId}/submit`)).status ===
        200,
      "submit",
    );
    const ap = await api("POST", `/api/v1/projects/${projectId}/approve`, {
      pool_id: pool.id,
    });
    assert(ap.status === 200, `approve: ${ap.status}`);
  });

  const staff = await ctx.loginAs(staffUser, pass);
  await step(staff, "tenders-draft-and-publish", async () => {
    await byTestId(staff, "menu-tenders").click();
    await byTestId(staff, "tender-table").waitFor({ state: "visible" });
    await byTestId(staff, "tender-new").click();
    const select = byTestId(staff, "tender-project");
    await select.click();
    await select.locator("input").fill(stamp);
    const option = staff
      .locator(".el-select-dropdown__item:visible", { hasText: title })
      .first();
    await option.waitFor({ state: "visible" });
    await option.click();
    await byTestId(staff, "tender-eligibility").fill(
      "依法登记、无异常记录的妇女儿童类社会组织",
    );
    await byTestId(staff, "criterion-name-0").fill("服务方案");
    await byTestId(staff, "criterion-name-1").fill("报价");
    const sum = await byTestId(staff, "criteria-sum").innerText();
    assert(sum.includes("100"), `weights: ${sum}`);
    await byTestId(staff, "tender-deadline").fill(`${year + 1}-01-10T17:00`);
    await byTestId(staff, "tender-opening").fill(`${year + 1}-01-11T09:30`);
    await byTestId(staff, "tender-save").click();
    await staff.waitForURL(/\/tenders\/\d+$/);
    tenderId = Number(staff.url().split("/").pop());
    assert(tenderId > 0, "tender id");
    // The panel: the reviewer.
    const panel = byTestId(staff, "panel-user");
    await panel.click();
    await panel.locator("input").fill(reviewerUser);
    const rv = staff
      .locator(".el-select-dropdown__item:visible", { hasText: reviewerUser })
      .first();
    await rv.waitFor({ state: "visible" });
    await rv.click();
    await byTestId(staff, "panel-add").click();
    await byTestId(staff, "tender-panel")
      .getByText("招标 reviewer")
      .waitFor({ state: "visible" });
    // A short bid window for the test (to the second, through the API), then publish.
    const t = await apiAs(ctx, staff, "GET", `/api/v1/tenders/${tenderId}`);
    deadline = Date.now() + 20000;
    const iso = new Date(deadline).toISOString();
    const patch = await apiAs(
      ctx,
      staff,
      "PATCH",
      `/api/v1/tenders/${tenderId}`,
      {
        version: t.json.version,
        bid_deadline: iso,
        opening_at: iso,
      },
    );
    assert(
      patch.status === 200,
      `patch: ${patch.status} ${JSON.stringify(patch.json)}`,
    );
    await staff.reload();
    await byTestId(staff, "tender-publish").click();
    await byTestId(staff, "tender-open").waitFor({ state: "visible" });
    const pub = await api("GET", `/api/v1/public/tenders/${tenderId}`);
    assert(
      pub.status === 200 && !("bids" in pub.json),
      `public notice: ${pub.status}`,
    );
  });

  const org = await ctx.loginAs(orgUser, pass);
  await step(org, "tenders-sealed-bid", async () => {
    await byTestId(org, "menu-tenders").click();
    await byTestId(org, `bid-${tenderId}`).click();
    await byTestId(org, "bid-price").fill("188000");
    await byTestId(org, "bid-team").fill("何婉仪，李敏");
    await org.locator(".el-dialog:visible input[type=file]").setInputFiles({
      name: "投标文件.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(
        "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
      ),
    });
    await org.getByText("投标文件.pdf").first().waitFor({ state: "visible" });
    await byTestId(org, "bid-send").click();
    await org.locator(".el-dialog:visible").waitFor({ state: "hidden" });
    const again = await apiAs(
      ctx,
      org,
      "POST",
      `/api/v1/tenders/${tenderId}/bids`,
      {
        org_id: orgId,
        price: 1,
        team: [{ name: "重复" }],
      },
    );
    assert(again.status === 409, `second bid refused: ${again.status}`);
    await staff.reload();
    const bids = byTestId(staff, "tender-bids");
    await bids.getByText(orgName).waitFor({ state: "visible" });
    const text = await bids.innerText();
    assert(!text.includes("188,000"), "price sealed before opening");
    assert(/密封中|Sealed/.test(text), "sealed tag shown");
  });
  await org.context().close();

  await step(staff, "tenders-open", async () => {
    const wait = deadline - Date.now() + 1500;
    if (wait > 0) await staff.waitForTimeout(wait);
    await staff.reload();
    await byTestId(staff, "tender-open").click();
    await byTestId(staff, "tender-detail-state")
      .getByText(/已开标|Opened/)
      .waitFor();
    const text = await byTestId(staff, "tender-bids").innerText();
    assert(text.includes("188,000"), `price shown after opening: ${text}`);
  });
  await staff.context().close();

  const reviewer = await ctx.loginAs(reviewerUser, pass);
  await step(reviewer, "tenders-score", async () => {
    await byTestId(reviewer, "menu-tenders").click();
    await byTestId(reviewer, `tender-link-${tenderId}`).click();
    await byTestId(reviewer, "declare-none").click();
    // Declared without conflict, the panel member opens the proposal it scores.
    await byTestId(reviewer, "bid-proposal-link")
      .getByText("投标文件.pdf")
      .waitFor({ state: "visible" });
    await inputOf(reviewer, "score-0-c1").waitFor({ state: "visible" });
    await inputOf(reviewer, "score-0-c1").fill("90");
    await inputOf(reviewer, "score-0-c1").press("Tab");
    await inputOf(reviewer, "score-0-c2").fill("80");
    await inputOf(reviewer, "score-0-c2").press("Tab");
    await byTestId(reviewer, "scores-save").click();
    // every score is stored once the success message shows (it follows the last one)
    await reviewer.locator(".el-message--success", { hasText: /已保存|Saved/ }).waitFor();
    await byTestId(reviewer, "scores-finish").click();
    await byTestId(reviewer, "tender-detail-state")
      .getByText(/评标完成|Scored/)
      .waitFor();
    const t = await apiAs(ctx, reviewer, "GET", `/api/v1/tenders/${tenderId}`);
    assert(
      t.json.bids[0].score === 86,
      `weighted score: ${t.json.bids[0].score}`,
    );
    // A scorer has no award: the route refuses reviewers.
    const a = await apiAs(
      ctx,
      reviewer,
      "POST",
      `/api/v1/tenders/${tenderId}/award`,
      {},
    );
    assert(a.status === 403, `award by reviewer: ${a.status}`);
  });
  await reviewer.context().close();

  await step(page, "tenders-award", async () => {
    await page.goto(`${ctx.BASE}/tenders/${tenderId}`);
    await byTestId(page, "tender-award").click();
    await byTestId(page, "award-start").fill(`${year}-03-01`);
    await byTestId(page, "award-end").fill(`${year + 1}-02-28`);
    await byTestId(page, "award-confirm").click();
    await byTestId(page, "tender-contract").waitFor({ state: "visible" });
    const text = await byTestId(page, "tender-contract").innerText();
    assert(
      text.includes(orgName) && text.includes("188,000"),
      `contract: ${text}`,
    );
    const p = await api("GET", `/api/v1/projects/${projectId}`);
    assert(
      p.json.state === "in_progress" && p.json.channel === "tender",
      `project ${p.json.state}`,
    );
    const pub = await api("GET", `/api/v1/public/tenders/${tenderId}`);
    assert(
      pub.json.award && pub.json.award.org_name === orgName,
      "public award notice",
    );
    const ocds = await api("GET", `/api/v1/ocds/release-package?year=${year}`);
    assert(
      ocds.status === 200 &&
        ocds.json.releases.some((r) => r.awards && r.contracts),
      "OCDS release with award and contract",
    );
  });

  await page.goto(`${ctx.BASE}/home`);
}
