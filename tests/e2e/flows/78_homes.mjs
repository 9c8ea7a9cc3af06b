// Star-rated Women & Children Homes in the browser, as two staff users: the first
// opens the Homes page, filters by five stars (the demo's five-star Homes show),
// opens a newly registered Home and records an assessment against the checklist with
// an evidence file; the second staff user approves it (the first may not) and the
// Home shows its five stars.

export default async function homes(ctx) {
  const { page, step, assert, byTestId, api } = ctx;
  const stamp = Date.now().toString(36);
  const name = `E2E 中心社区妇女儿童之家 ${stamp}`;
  const userA = `e2e_hm_a_${stamp}`;
  const userB = `e2e_hm_b_${stamp}`;
  const pass = "Homes-Pass-2026-x";
  let homeId = 0;

  await step(page, "homes-setup", async () => {
    for (const [username, display] of [
      [userA, "星级评定员"],
      [userB, "星级审核员"],
    ]) {
      const u = await api("POST", "/api/v1/users", {
        username,
        display_name: display,
        role: "staff",
        region_code: "440700000000",
        password: pass,
      });
      assert(u.status === 201, `user: ${u.status} ${JSON.stringify(u.json)}`);
    }
    const h = await api("POST", "/api/v1/homes", {
      region_code: "440705001004",
      name,
      kind: "women_children",
      contact_name: "苏凤仪",
      contact_phone: "13802709999",
    });
    assert(h.status === 201, `home: ${h.status} ${JSON.stringify(h.json)}`);
    homeId = h.json.id;
  });

  const a = await ctx.loginAs(userA, pass);
  await step(a, "homes-filter-five-stars", async () => {
    await byTestId(a, "menu-homes").click();
    await byTestId(a, "home-table").waitFor({ state: "visible" });
    await byTestId(a, "home-filter-star").click();
    await byTestId(a, "home-star-option-5").click();
    const row = byTestId(a, "home-table").locator(".el-table__row", {
      hasText: "北门社区妇女儿童之家",
    });
    await row.waitFor({ state: "visible" });
    const stars = await byTestId(a, "home-row-star").allInnerTexts();
    assert(stars.length >= 2, `five-star Homes: ${stars.length}`);
    assert(
      stars.every((s) => s.trim() === "★★★★★"),
      `only five stars: ${stars}`,
    );
    const phones = await byTestId(a, "home-table").innerText();
    assert(!phones.includes("13802701101"), "phones masked in the list");
  });

  await step(a, "homes-record-assessment", async () => {
    await a.goto(`${ctx.BASE}/homes/${homeId}`);
    await byTestId(a, "home-detail-name").waitFor({ state: "visible" });
    await byTestId(a, "home-assess-new").click();
    await byTestId(a, "home-assess-items").waitFor({ state: "visible" });
    const points = [18, 14, 13, 28, 18];
    for (let i = 0; i < points.length; i++) {
      const input = byTestId(a, `home-assess-points-${i}`).locator("input");
      await input.fill(String(points[i]));
      await input.press("Tab");
    }
    await byTestId(a, "home-assess-file-0-input").setInputFiles({
      name: "阵地照片台账.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(
        "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
      ),
    });
    await byTestId(a, "home-assess-file-0-link").waitFor({ state: "visible" });
    const total = await byTestId(a, "home-assess-total").innerText();
    assert(total.includes("91") && total.includes("★★★★★"), `total: ${total}`);
    await byTestId(a, "home-assess-save").click();
    await byTestId(a, "home-assessment-state-pending").waitFor({
      state: "visible",
    });
    const list = await api("GET", `/api/v1/homes/${homeId}/assessments`);
    assert(list.json.items[0].total_points === 91, "91 points stored");
    assert(list.json.items[0].items[0].file_ids.length === 1, "evidence kept");
    assert(
      (await byTestId(a, "home-assessment-approve").count()) === 0,
      "the recorder is not offered the approval",
    );
  });
  await a.context().close();

  const b = await ctx.loginAs(userB, pass);
  await step(b, "homes-second-staff-approves", async () => {
    await b.goto(`${ctx.BASE}/homes/${homeId}`);
    await byTestId(b, "home-assessment-approve").click();
    await byTestId(b, "home-assessment-state-approved").waitFor({
      state: "visible",
    });
    const star = await byTestId(b, "home-detail-star").innerText();
    assert(star.includes("★★★★★"), `star shown: ${star}`);
    await byTestId(b, "home-assessments")
      .getByText("阵地照片台账.pdf")
      .waitFor({ state: "visible" });
    const h = await api("GET", `/api/v1/homes/${homeId}`);
    assert(h.json.star_level === 5 && h.json.star_status === "valid", "star 5");
  });
  await b.context().close();
}
