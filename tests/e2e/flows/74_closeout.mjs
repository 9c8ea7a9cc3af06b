// Close-out and promotion in the browser, as three users and a visitor: the admin
// sets up a project commissioned to 江门市向日葵家庭教育指导中心 (API); the
// organization's account writes the final report (indicators achieved, beneficiaries
// by gender and age group, spending per budget line); a staff member of the city
// accepts it, evaluates, closes the project, designates it a brand project and
// publishes its case; a visitor without a session finds the case on /public/cases.

export default async function closeout(ctx) {
  const { page, step, assert, byTestId, api, browser } = ctx;
  const stamp = Date.now().toString(36);
  const title = `E2E 结项项目 ${stamp}`;
  const caseTitle = `E2E 品牌案例 ${stamp}`;
  const orgUser = `e2e_co_org_${stamp}`;
  const staffUser = `e2e_co_staff_${stamp}`;
  const pass = "Closeout-Pass-2026-x";
  const year = new Date().getFullYear() + 2;
  let projectId = 0;

  await step(page, "closeout-setup", async () => {
    const orgs = await api(
      "GET",
      `/api/v1/orgs?q=${encodeURIComponent("向日葵家庭教育")}&size=5`,
    );
    const org = orgs.json.items.find(
      (o) => o.name === "江门市向日葵家庭教育指导中心",
    );
    assert(org, "demo organization 向日葵");
    for (const [username, role, extra] of [
      [orgUser, "org", { org_id: org.id }],
      [staffUser, "staff", {}],
    ]) {
      const u = await api("POST", "/api/v1/users", {
        username,
        display_name: role === "org" ? "向日葵 结项专员" : "结项审核员",
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
    const pool = await api("POST", "/api/v1/budget-pools", {
      year,
      source: "donations",
      region_code: "440700000000",
      planned: 1000000000,
    });
    assert(pool.status === 201 || pool.status === 409, `pool: ${pool.status}`);
    const pools = await api(
      "GET",
      `/api/v1/budget-pools?year=${year}&source=donations`,
    );
    const poolId = pools.json.items.find(
      (p) => p.region_code === "440700000000",
    ).id;
    const p = await api("POST", "/api/v1/projects", {
      title,
      department: "家庭与儿童工作部",
      year,
      region_code: "440700000000",
      indicators: [{ name: "服务人次", target: "200", unit: "人次" }],
      budget_lines: [
        { name: "人员费", amount: 3000000 },
        { name: "活动费", amount: 2000000 },
      ],
    });
    assert(p.status === 201, `project: ${p.status}`);
    projectId = p.json.id;
    assert(
      (await api("POST", `/api/v1/projects/${projectId}/submit`)).status ===
        200,
      "submit",
    );
    const ap = await api("POST", `/api/v1/projects/${projectId}/approve`, {
      pool_id: poolId,
    });
    assert(ap.status === 200, `approve: ${ap.status}`);
    const k = await api("POST", `/api/v1/projects/${projectId}/commission`, {
      reason: "挂钩社会组织长期承接",
      provider_org_id: org.id,
      start_on: `${year}-01-01`,
      end_on: `${year}-12-31`,
      price: 5000000,
      milestones: [{ name: "全款", amount: 5000000, due_on: `${year}-02-01` }],
    });
    assert(k.status === 201, `commission: ${k.status}`);
  });

  const org = await ctx.loginAs(orgUser, pass);
  await step(org, "closeout-final-report", async () => {
    await byTestId(org, "menu-closeouts").click();
    const row = byTestId(org, "closeout-list").locator(".el-table__row", {
      hasText: title,
    });
    await row.waitFor({ state: "visible" });
    await row.click();
    await org.waitForURL(/\/closeouts\/\d+$/);
    await byTestId(org, "report-summary").fill(
      "开展家庭教育讲座20场，服务家庭210户",
    );
    await byTestId(org, "report-achieved-0").fill("210");
    await byTestId(org, "report-women").fill("150");
    await byTestId(org, "report-men").fill("60");
    await byTestId(org, "report-age-children").fill("80");
    await byTestId(org, "report-age-middle_aged").fill("130");
    await byTestId(org, "report-spent-0").fill("30000");
    await byTestId(org, "report-spent-1").fill("18500.50");
    await byTestId(org, "report-file-input").setInputFiles({
      name: "结项报告.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(
        "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
      ),
    });
    await byTestId(org, "report-file-link").waitFor({ state: "visible" });
    await byTestId(org, "report-submit").click();
    await byTestId(org, "closeout-spending").waitFor({ state: "visible" });
    await byTestId(org, "closeout-report-files-link")
      .getByText("结项报告.pdf")
      .waitFor({ state: "visible" });
    const text = await byTestId(org, "closeout-spending").innerText();
    assert(
      text.includes("18,500.50") && text.includes("1,499.50"),
      `spending shown: ${text}`,
    );
    const c = await api("GET", `/api/v1/closeouts/${projectId}`);
    assert(
      c.json.final_report.state === "submitted",
      `report: ${c.json.final_report?.state}`,
    );
    assert(
      c.json.final_report.beneficiaries.total === 210,
      "beneficiaries total",
    );
  });
  await org.context().close();

  const staff = await ctx.loginAs(staffUser, pass);
  await step(staff, "closeout-review-evaluate-close", async () => {
    await staff.goto(`${ctx.BASE}/closeouts/${projectId}`);
    await byTestId(staff, "report-accept").click();
    await byTestId(staff, "evaluation-save").waitFor({ state: "visible" });
    await byTestId(staff, "evaluation-score").fill("91");
    await byTestId(staff, "evaluation-comments").fill("成效显著，可推广");
    await byTestId(staff, "evaluation-save").click();
    await byTestId(staff, "evaluation-shown").waitFor({ state: "visible" });
    await byTestId(staff, "closeout-close").click();
    await byTestId(staff, "brand-designate").waitFor({ state: "visible" });
    const p = await api("GET", `/api/v1/projects/${projectId}`);
    assert(p.json.state === "closed", `state: ${p.json.state}`);
  });

  await step(staff, "closeout-brand-case", async () => {
    await byTestId(staff, "brand-designate").click();
    await byTestId(staff, "case-title").fill(caseTitle);
    await byTestId(staff, "case-summary").fill(
      "向日葵家庭教育服务项目经验在全市推广",
    );
    await byTestId(staff, "case-photo-input").setInputFiles({
      name: "案例照片.png",
      mimeType: "image/png",
      buffer: Buffer.from(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
        "base64",
      ),
    });
    await byTestId(staff, "case-photo-link").waitFor({ state: "visible" });
    await byTestId(staff, "case-publish").click();
    await byTestId(staff, "case-unpublish").waitFor({ state: "visible" });
    const c = await api("GET", `/api/v1/closeouts/${projectId}`);
    assert(c.json.brand && c.json.brand.published, "case published");
    assert(c.json.brand.case_photo_ids.length === 1, "case photo stored");
    await byTestId(staff, "case-photos-link")
      .getByText("案例照片.png")
      .waitFor({ state: "visible" });
  });
  await staff.context().close();

  await step(page, "closeout-public-case", async () => {
    const visitor = await browser.newContext({
      viewport: { width: 1366, height: 900 },
    });
    const v = await visitor.newPage();
    await v.goto(`${ctx.BASE}/public/cases`);
    const card = byTestId(v, "public-case").filter({ hasText: caseTitle });
    await card.waitFor({ state: "visible" });
    const text = await card.innerText();
    assert(
      text.includes("江门市向日葵家庭教育指导中心"),
      `provider on the case: ${text}`,
    );
    assert(!text.includes("91"), "no score on the public case");
    await visitor.close();
  });
}
