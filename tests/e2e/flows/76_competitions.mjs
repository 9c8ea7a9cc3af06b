// A competition (公益创投) in the browser: the admin sets up a short competition
// with a reviewer on the panel; the organization account drafts and submits its
// application (plan, budget line, matching funds); a staff member qualifies it;
// the reviewer scores it; after voting closes the staff member publishes the
// results and the funded entry becomes a project of the project cycle.

export default async function competitions(ctx) {
  const { page, step, assert, byTestId, api } = ctx;
  const stamp = Date.now().toString(36);
  const pass = "Competition-Pass-2026";
  const staffUser = `e2e_ct_staff_${stamp}`;
  const reviewerUser = `e2e_ct_rev_${stamp}`;
  const orgUser = `e2e_ct_org_${stamp}`;
  const orgName = "江门市向日葵家庭教育指导中心";
  const year = new Date().getFullYear();
  let compId = 0;
  let appId = 0;
  let votingClose = 0;

  const field = (p, id, tag = "input") =>
    p
      .locator(`[data-testid="${id}"] ${tag}, ${tag}[data-testid="${id}"]`)
      .first();

  await step(page, "competition-setup", async () => {
    const orgs = await api(
      "GET",
      `/api/v1/orgs?q=${encodeURIComponent(orgName)}`,
    );
    const orgId = orgs.json.items.find((o) => o.name === orgName).id;
    const ids = {};
    for (const [username, role, extra] of [
      [staffUser, "staff", {}],
      [reviewerUser, "reviewer", {}],
      [orgUser, "org", { org_id: orgId }],
    ]) {
      const u = await api("POST", "/api/v1/users", {
        username,
        display_name: `创投 ${role}`,
        role,
        region_code: "440700000000",
        password: pass,
        ...extra,
      });
      assert(
        u.status === 201,
        `${username}: ${u.status} ${JSON.stringify(u.json)}`,
      );
      ids[role] = u.json.id;
    }
    const pool = await api("POST", "/api/v1/budget-pools", {
      year,
      source: "fiscal_budget",
      region_code: "440700000000",
      name: `E2E 公益创投资金 ${stamp}`,
      planned: 100000000,
    });
    assert(
      pool.status === 201,
      `pool: ${pool.status} ${JSON.stringify(pool.json)}`,
    );
    const t = Date.now();
    const at = (s) => new Date(t + s * 1000).toISOString();
    votingClose = t + 150 * 1000;
    const k = await api("POST", "/api/v1/competitions", {
      name: `E2E 公益创投 ${stamp}`,
      year,
      region_code: "440700000000",
      pool_fen: 10000000,
      budget_pool_id: pool.json.id,
      criteria: [
        { code: "plan", name: "方案可行性", weight: 60 },
        { code: "budget", name: "预算合理性", weight: 40 },
      ],
      apply_opens_at: at(-60),
      apply_closes_at: at(100),
      qualify_closes_at: at(100),
      scoring_closes_at: at(140),
      voting_opens_at: at(140),
      voting_closes_at: at(150),
      results_at: at(150),
    });
    assert(
      k.status === 201,
      `competition: ${k.status} ${JSON.stringify(k.json)}`,
    );
    compId = k.json.id;
    const rv = await api("POST", `/api/v1/competitions/${compId}/reviewers`, {
      user_id: ids.reviewer,
    });
    assert(rv.status === 200, `reviewer: ${rv.status}`);
    const open = await api("POST", `/api/v1/competitions/${compId}/open`);
    assert(open.status === 200, `open: ${open.status}`);
  });

  // The organization applies.
  const org = await ctx.loginAs(orgUser, pass);
  await step(org, "competition-apply", async () => {
    await byTestId(org, "menu-competitions").click();
    await byTestId(org, `competition-link-${compId}`).click();
    await org.getByRole("tab", { name: /申报项目|Applications/ }).click();
    await field(org, "application-title").fill("“家校社”协同育人家长课堂");
    await field(org, "application-plan", "textarea").fill(
      "每月两期家长课堂，覆盖10所学校。",
    );
    await field(org, "application-line-name-0").fill("活动及物资费");
    await field(org, "application-line-yuan-0").fill("50000");
    await field(org, "application-matching").fill("10000");
    await byTestId(org, "application-submit").click();
    await byTestId(org, "application-state")
      .getByText(/已提交|Submitted/)
      .waitFor();
    const apps = await api(
      "GET",
      `/api/v1/competitions/${compId}/applications`,
    );
    assert(
      apps.json.items.length === 1,
      `applications: ${apps.json.items.length}`,
    );
    appId = apps.json.items[0].id;
    assert(
      apps.json.items[0].requested_fen === 5000000,
      "requested 50,000 yuan",
    );
  });

  // A staff member qualifies it.
  const staff = await ctx.loginAs(staffUser, pass);
  await step(staff, "competition-qualify", async () => {
    await staff.goto(`${ctx.BASE}/competitions/${compId}`);
    await staff.getByRole("tab", { name: /申报项目|Applications/ }).click();
    await byTestId(staff, `qualify-${appId}`).click();
    await byTestId(staff, `qualify-${appId}`).waitFor({ state: "hidden" });
    const a = await api(
      "GET",
      `/api/v1/competitions/${compId}/applications/${appId}`,
    );
    assert(
      a.json.state === "qualified" && a.json.entry_no === 1,
      `state: ${a.json.state}`,
    );
  });

  // The reviewer scores it.
  const reviewer = await ctx.loginAs(reviewerUser, pass);
  await step(reviewer, "competition-score", async () => {
    await byTestId(reviewer, "menu-competitions").click();
    await byTestId(reviewer, `competition-link-${compId}`).click();
    await reviewer.getByRole("tab", { name: /申报项目|Applications/ }).click();
    await field(reviewer, `score-${appId}-plan`).fill("90");
    await field(reviewer, `score-${appId}-budget`).fill("85");
    await byTestId(reviewer, `score-send-${appId}`).click();
    await reviewer
      .getByText(/评分已保存|Scores saved/)
      .first()
      .waitFor();
    const s = await api("GET", `/api/v1/competitions/${compId}/scores`);
    assert(s.json.items.length === 1, `scores: ${s.json.items.length}`);
    assert(
      Math.abs(s.json.items[0].weighted - 88) < 0.01,
      `weighted ${s.json.items[0].weighted}`,
    );
  });

  // After voting closes the staff member publishes the results.
  await step(staff, "competition-publish", async () => {
    const wait = votingClose - Date.now() + 1500;
    if (wait > 0) await staff.waitForTimeout(wait);
    await staff.reload();
    await staff.getByRole("tab", { name: /评审结果|Results/ }).click();
    await byTestId(staff, "results-publish").click();
    await byTestId(staff, "results-published").waitFor();
    const a = await api(
      "GET",
      `/api/v1/competitions/${compId}/applications/${appId}`,
    );
    assert(
      a.json.state === "funded" && a.json.project_id,
      `state: ${a.json.state}`,
    );
    const p = await api("GET", `/api/v1/projects/${a.json.project_id}`);
    assert(
      p.json.channel === "competition" && p.json.state === "in_progress",
      `project`,
    );
  });
}
