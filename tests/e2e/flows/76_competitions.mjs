// A competition (公益创投) in the browser: the admin sets it up in the form
// (eligibility by organization kind and region, matching funds, weights, a
// quota for the organization's region, vote rules, dates; an empty name is
// refused at its field)
// and opens it; the organization account drafts and submits its application;
// a staff member qualifies it; the reviewer scores it; the staff member brings
// the dates forward in the edit dialog, and once voting opened (rules frozen)
// amends the vote rules and the voting close with a reason, which the detail
// page lists; after voting closes the results are published (the funded entry
// becomes a project) and the city-wide figures page shows the competition.

export default async function competitions(ctx) {
  const { page, step, assert, byTestId, api } = ctx;
  const stamp = Date.now().toString(36);
  const pass = "Competition-Pass-2026";
  const staffUser = `e2e_ct_staff_${stamp}`;
  const reviewerUser = `e2e_ct_rev_${stamp}`;
  const orgUser = `e2e_ct_org_${stamp}`;
  const orgName = "江门市向日葵家庭教育指导中心";
  const compName = `E2E 公益创投 ${stamp}`;
  const poolName = `E2E 公益创投资金 ${stamp}`;
  const year = new Date().getFullYear();
  const ids = {};
  let org = null;
  let kindName = /./;
  let district = { code: "", name: "" };
  let compId = 0;
  let appId = 0;

  // Element Plus puts data-testid on the <input> of some widgets and on the wrapper of others.
  const field = (p, id, tag = "input") =>
    p
      .locator(`[data-testid="${id}"] ${tag}, ${tag}[data-testid="${id}"]`)
      .first();
  // Each select's dropdown carries its own popper class (an earlier one may still be fading out).
  const option = (p, popper, text) =>
    p
      .locator(`.${popper}:visible .el-select-dropdown__item`, { hasText: text })
      .first();
  // Types a local date-time into a picker (the page's own time zone) and confirms it.
  const setDate = async (p, name, ms) => {
    const text = await p.evaluate((t) => {
      const d = new Date(t);
      const z = (n) => String(n).padStart(2, "0");
      return `${d.getFullYear()}-${z(d.getMonth() + 1)}-${z(d.getDate())} ${z(d.getHours())}:${z(d.getMinutes())}:${z(d.getSeconds())}`;
    }, ms);
    const input = field(p, `competition-${name}`);
    await input.click();
    await input.fill(text);
    await input.press("Enter");
    // Close the picker's panel without Escape (that would close the dialog).
    await p.locator(".el-dialog__title:visible").first().click();
  };
  const competition = async () =>
    (await api("GET", `/api/v1/competitions/${compId}`)).json;
  const waitForPhase = async (p, phase, limitMs) => {
    const until = Date.now() + limitMs;
    for (;;) {
      const k = await competition();
      if (k.phase === phase) return k;
      assert(Date.now() < until, `phase ${phase} (now ${k.phase})`);
      await p.waitForTimeout(200); // polls: the phase follows the clock
    }
  };

  await step(page, "competition-setup", async () => {
    const orgs = await api(
      "GET",
      `/api/v1/orgs?q=${encodeURIComponent(orgName)}`,
    );
    org = orgs.json.items.find((o) => o.name === orgName);
    const dicts = await api("GET", "/api/v1/dicts");
    const kind = dicts.json.org_kind.find((k) => k.code === org.kind);
    const esc = (x) => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    // The admin's page may be in English (an earlier step switched the language).
    kindName = new RegExp(`^\\s*(${esc(kind.name_zh)}|${esc(kind.name_en)})\\s*$`);
    const dcode = `${org.region_code.slice(0, 6)}000000`;
    const r = await api("GET", `/api/v1/regions/${dcode}`);
    district = { code: dcode, name: r.json.name };
    for (const [username, role, extra] of [
      [staffUser, "staff", {}],
      [reviewerUser, "reviewer", {}],
      [orgUser, "org", { org_id: org.id }],
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
      name: poolName,
      planned: 100000000,
    });
    assert(
      pool.status === 201,
      `pool: ${pool.status} ${JSON.stringify(pool.json)}`,
    );
  });

  // The admin sets the competition up in the form.
  await step(page, "competition-create-form", async () => {
    await byTestId(page, "menu-competitions").click();
    await byTestId(page, "competition-new").click();
    await byTestId(page, "competition-form").waitFor({ state: "visible" });
    // Nothing entered: the name is refused at its field.
    await byTestId(page, "competition-save").click();
    await page
      .locator(".el-form-item__error", { hasText: /请填写名称|Enter a name/ })
      .waitFor();
    await field(page, "competition-name").fill(compName);
    await field(page, "competition-pool").fill("100000");
    await byTestId(page, "competition-budget-pool").click();
    await option(page, "competition-budget-pool-popper", poolName).click();
    await byTestId(page, "competition-kinds").click();
    await option(page, "competition-kinds-popper", kindName).click();
    await page.keyboard.press("Escape");
    await byTestId(page, "competition-regions").click();
    await option(page, "competition-regions-popper", "江门市").click();
    await page.keyboard.press("Escape");
    await field(page, "competition-matching").fill("20");
    await field(page, "competition-expert-weight").fill("60");
    await byTestId(page, "competition-quota-add").click();
    await byTestId(page, "competition-quota-region-0").click();
    await option(page, "competition-quota-popper", district.name).click();
    await field(page, "competition-quota-count-0").fill("1");
    await field(page, "competition-max-entries").fill("5");
    for (const [i, name] of ["社会需求", "方案可行性", "预算合理性"].entries())
      await field(page, `competition-criterion-${i}`).fill(name);
    const now = Date.now();
    const day = 86400 * 1000;
    await setDate(page, "apply_opens_at", now - 60 * 1000);
    await setDate(page, "apply_closes_at", now + day);
    await setDate(page, "qualify_closes_at", now + day);
    await setDate(page, "scoring_closes_at", now + 2 * day);
    await setDate(page, "voting_opens_at", now + 2 * day);
    await setDate(page, "voting_closes_at", now + 3 * day);
    await setDate(page, "results_at", now + 3 * day);
    await byTestId(page, "competition-save").click();
    await page.waitForURL(/\/competitions\/\d+$/);
    compId = Number(page.url().split("/").pop());
    const k = await competition();
    assert(k.name === compName && k.state === "draft", `state ${k.state}`);
    assert(
      JSON.stringify(k.eligibility.kinds) === JSON.stringify([org.kind]) &&
        JSON.stringify(k.eligibility.regions) ===
          JSON.stringify(["440700000000"]),
      `eligibility ${JSON.stringify(k.eligibility)}`,
    );
    assert(
      k.award_rule.region_quotas[district.code] === 1,
      `quotas ${JSON.stringify(k.award_rule)}`,
    );
    assert(
      k.vote_rules.max_entries_per_day === 5 && k.counts_hidden,
      "vote rules",
    );
    assert(
      k.matching_ratio_pct === 20 &&
        k.expert_weight_pct === 60 &&
        k.vote_weight_pct === 40,
      "weights and matching",
    );
    assert(k.pool_fen === 10000000 && k.budget_pool_id, "pool");
    await byTestId(page, "rules-quotas").getByText(district.name).waitFor();
    const rv = await api("POST", `/api/v1/competitions/${compId}/reviewers`, {
      user_id: ids.reviewer,
    });
    assert(rv.status === 200, `reviewer: ${rv.status}`);
    await byTestId(page, "competition-open").click();
    await byTestId(page, "competition-open").waitFor({ state: "hidden" });
    assert((await competition()).phase === "applying", "applying");
  });

  // The organization applies.
  const orgPage = await ctx.loginAs(orgUser, pass);
  await step(orgPage, "competition-apply", async () => {
    await byTestId(orgPage, "menu-competitions").click();
    await byTestId(orgPage, `competition-link-${compId}`).click();
    await orgPage.getByRole("tab", { name: /申报项目|Applications/ }).click();
    await field(orgPage, "application-title").fill("“家校社”协同育人家长课堂");
    await field(orgPage, "application-plan", "textarea").fill(
      "每月两期家长课堂，覆盖10所学校。",
    );
    await field(orgPage, "application-line-name-0").fill("活动及物资费");
    await field(orgPage, "application-line-yuan-0").fill("50000");
    await field(orgPage, "application-matching").fill("10000");
    await byTestId(orgPage, "application-submit").click();
    await byTestId(orgPage, "application-state")
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
  await orgPage.context().close();

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
    await field(reviewer, `score-${appId}-need`).fill("80");
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
      Math.abs(s.json.items[0].weighted - 85.5) < 0.01,
      `weighted ${s.json.items[0].weighted}`,
    );
  });
  await reviewer.context().close();

  // Before voting opens the dates can still be edited: voting opens in a few seconds.
  let votingOpens = 0;
  await step(staff, "competition-edit-dates", async () => {
    await staff.reload();
    await byTestId(staff, "competition-edit").click();
    await byTestId(staff, "competition-form").waitFor({ state: "visible" });
    votingOpens = Date.now() + 12 * 1000;
    for (const d of [
      "apply_closes_at",
      "qualify_closes_at",
      "scoring_closes_at",
      "voting_opens_at",
    ])
      await setDate(staff, d, votingOpens);
    await byTestId(staff, "competition-save").click();
    await byTestId(staff, "competition-form").waitFor({ state: "hidden" });
    const k = await competition();
    assert(
      Math.abs(Date.parse(k.voting_opens_at) - votingOpens) < 2000 &&
        !k.rules_frozen,
      `voting opens ${k.voting_opens_at}`,
    );
  });

  // Once voting opened the rules are read-only; an amendment with a reason changes them.
  let votingCloses = 0;
  await step(staff, "competition-amend", async () => {
    await waitForPhase(staff, "voting", 30 * 1000);
    await staff.reload();
    await byTestId(staff, "competition-edit").click();
    await byTestId(staff, "competition-frozen").waitFor({ state: "visible" });
    assert(
      (await byTestId(staff, "competition-save").count()) === 0,
      "no save while read-only",
    );
    assert(
      await field(staff, "competition-max-entries").isDisabled(),
      "rules read-only",
    );
    await byTestId(staff, "competition-amend-start").click();
    await field(staff, "competition-max-entries").fill("4");
    votingCloses = Date.now() + 10 * 1000;
    await setDate(staff, "voting_closes_at", votingCloses);
    await setDate(staff, "results_at", votingCloses);
    // No reason: refused at the reason field.
    await byTestId(staff, "competition-save").click();
    await staff
      .locator(".el-form-item__error", { hasText: /理由|reason/ })
      .waitFor();
    await field(staff, "competition-amend-reason", "textarea").fill(
      "投票期缩短，配合区妇联统一活动安排",
    );
    await byTestId(staff, "competition-save").click();
    await byTestId(staff, "competition-form").waitFor({ state: "hidden" });
    const item = byTestId(staff, "competition-amendment").first();
    await item.getByText("投票期缩短").waitFor();
    const text = await item.innerText();
    assert(
      /(每人每天可投项目数|Entries per voter per day)\s*5\s*→\s*4/.test(text),
      `amendment lists the vote rule change: ${text}`,
    );
    assert(/创投 staff|e2e_ct_staff/.test(text), `amendment names who: ${text}`);
    const am = await api("GET", `/api/v1/competitions/${compId}/amendments`);
    assert(am.json.items.length === 1, `amendments ${am.json.items.length}`);
    await byTestId(staff, "rules-max-entries").getByText("4").waitFor();
  });

  // After voting closes the staff member publishes the results.
  await step(staff, "competition-publish", async () => {
    await waitForPhase(staff, "counting", 30 * 1000);
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

  // The city-wide figures page, reached from the list, shows it with its votes.
  await step(staff, "competition-citywide-figures", async () => {
    await byTestId(staff, "menu-competitions").click();
    await byTestId(staff, "competition-figures-link").click();
    await byTestId(staff, "citywide-year").click();
    await option(staff, "citywide-year-popper", String(year)).click();
    const row = byTestId(staff, "citywide-competitions").locator(
      ".el-table__row",
      { hasText: compName },
    );
    await row.waitFor({ state: "visible" });
    const text = await row.innerText();
    assert(text.includes("50,000.00"), `awarded amount shown: ${text}`);
    assert(
      (await byTestId(staff, `citywide-votes-${compId}`).innerText()).trim() ===
        "0 / 0 / 0",
      "votes shown after close",
    );
    await byTestId(staff, "citywide-chart").locator("canvas").waitFor();
    await byTestId(staff, "citywide-regions")
      .getByText(district.name)
      .first()
      .waitFor();
  });
  await staff.context().close();
}
