// The annual work report in the browser, as city staff: open the report from the menu,
// ask for 2014 (the seed's figures show), switch the year, click a figure to the records
// behind it, and download the report as PDF and .xlsx.

export default async function annualReport(ctx) {
  const { page, step, assert, byTestId, api } = ctx;
  const stamp = Date.now().toString(36);
  const user = `e2e_rp_${stamp}`;
  const pass = "Report-Pass-2026-x";

  await step(page, "report-setup", async () => {
    const u = await api("POST", "/api/v1/users", {
      username: user,
      display_name: "年报统计员",
      role: "staff",
      region_code: "440700000000",
      password: pass,
    });
    assert(u.status === 201, `user: ${u.status} ${JSON.stringify(u.json)}`);
  });

  const s = await ctx.loginAs(user, pass);
  const setYear = async (y) => {
    const input = byTestId(s, "report-year").locator("input");
    await input.fill(String(y));
    await input.press("Enter");
    await input.press("Tab");
    await byTestId(s, "report-load").click();
    await s.waitForFunction(
      (want) => document.querySelector('[data-testid="report-title"]')?.textContent?.includes(want),
      String(y),
    );
  };

  await step(s, "report-2014-shows-the-seed-figures", async () => {
    await byTestId(s, "menu-reports").click();
    await byTestId(s, "report-title").waitFor({ state: "visible" });
    await setYear(2014);
    await byTestId(s, "value-orgs.registered").waitFor({ state: "visible" });
    const registered = (await byTestId(s, "value-orgs.registered").innerText()).trim();
    assert(registered === "145", `registered: ${registered}`);
    const social = (await byTestId(s, "value-orgs.social").innerText()).trim();
    assert(social === "155", `social organizations: ${social}`);
    const awarded = await byTestId(s, "value-comp.awarded_fen").innerText();
    assert(awarded.includes("1,141,300.00"), `集思公益 phase 2 money: ${awarded}`);
    const title = await byTestId(s, "report-title").innerText();
    assert(title.includes("江门市") && title.includes("2014"), `title: ${title}`);
  });

  await step(s, "report-switch-year", async () => {
    await setYear(2013);
    await s.waitForFunction(
      () =>
        document.querySelector('[data-testid="value-comp.funded"]')?.textContent?.trim() === "13",
    );
  });

  await step(s, "report-figure-to-records", async () => {
    await setYear(2014);
    // A report answer that arrives while the records page is still loading must not
    // keep the user on the report (a late address update once cancelled the click):
    // hold the next report answer 0.5 s and the records page's code 1.5 s.
    const hold = (ms) => async (route) => {
      await new Promise((r) => setTimeout(r, ms));
      await route.continue();
    };
    await s.route("**/api/v1/reports/annual?*", hold(500));
    await s.route("**/assets/ReportRecords-*.js", hold(1500));
    await byTestId(s, "report-load").click();
    await byTestId(s, "figure-orgs.registered").click();
    await byTestId(s, "records-total").waitFor({ state: "visible" });
    await s.unrouteAll();
    assert(
      new URL(s.url()).searchParams.get("key") === "orgs.registered",
      `records address keeps its figure: ${s.url()}`,
    );
    const total = await byTestId(s, "records-total").innerText();
    assert(total.includes("145"), `records behind the figure: ${total}`);
    const rows = await byTestId(s, "records-table").locator(".el-table__row").count();
    assert(rows === 145, `rows listed: ${rows}`);
    await s.goBack();
    await byTestId(s, "value-orgs.registered").waitFor({ state: "visible" });
  });

  await step(s, "report-downloads", async () => {
    for (const [id, type] of [
      ["report-pdf", "application/pdf"],
      ["report-xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    ]) {
      const href = await byTestId(s, id).getAttribute("href");
      assert(href && href.includes("year=2014"), `${id} link: ${href}`);
      const res = await s.request.get(`${ctx.BASE}${href}`);
      assert(res.status() === 200, `${id}: ${res.status()}`);
      assert(res.headers()["content-type"] === type, `${id} type: ${res.headers()["content-type"]}`);
      const body = await res.body();
      assert(body.length > 1000, `${id} size: ${body.length}`);
    }
  });
}
