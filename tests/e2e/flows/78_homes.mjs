// Star-rated Women & Children Homes in the browser, as two staff users: the first
// opens the Homes page, filters by five stars (the demo's five-star Homes show),
// opens a newly registered Home and records an assessment against the checklist with
// an evidence file; the second staff user approves it (the first may not) and the
// Home shows its five stars. The second staff user then edits the Home (a bad phone
// number is refused at its field; a new number replaces the masked one, the Home is
// suspended with new opening hours) and its history lists the change.

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

  await step(b, "homes-edit-and-history", async () => {
    const input = (id) =>
      b.locator(`[data-testid="${id}"] input, input[data-testid="${id}"]`).first();
    await byTestId(b, "home-edit").click();
    await byTestId(b, "home-form").waitFor({ state: "visible" });
    const phone = input("home-form-phone");
    assert((await phone.inputValue()) === "", "the masked phone is not prefilled");
    assert(
      (await phone.getAttribute("placeholder")).includes("138****9999"),
      "the masked phone shows as the placeholder",
    );
    await phone.fill("12-34");
    await byTestId(b, "home-form-save").click();
    await b
      .locator(".el-form-item__error", { hasText: /7–15|digits/ })
      .waitFor({ state: "visible" });
    await phone.fill("13902708888");
    await byTestId(b, "home-form-status-suspended").click();
    await input("home-form-hours").fill("暂停开放（活动室修缮中）");
    await byTestId(b, "home-form-save").click();
    await byTestId(b, "home-form").waitFor({ state: "hidden" });
    const item = byTestId(b, "home-history-item").first();
    await item.getByText("暂停开放（活动室修缮中）").waitFor({ state: "visible" });
    const text = await item.innerText();
    assert(/修改|Changed/.test(text), `newest entry is the change: ${text}`);
    assert(text.includes("139****8888"), `new phone shown masked: ${text}`);
    assert(!text.includes("13902708888"), "the full phone never shows");
    const all = await byTestId(b, "home-history").innerText();
    assert(/登记|Registered/.test(all), "the registration is listed");
    const h = await api("GET", `/api/v1/homes/${homeId}`);
    assert(
      h.json.status === "suspended" && h.json.contact_phone === "139****8888",
      `stored: ${h.json.status} ${h.json.contact_phone}`,
    );
  });
  await b.context().close();
}
