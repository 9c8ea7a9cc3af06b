// Residency agreements in the browser: the admin opens an agreement in the `applied`
// state (created through the API for a fresh organization at the city incubation base),
// signs it with an uploaded PDF, activates it, records two incubation events and sees
// them on the timeline while the delivered hours move. Runs in Chinese, then restores
// the language it found.

/** A small PDF standing in for the scanned, signed agreement. */
function agreementPdf() {
  const stream = "BT /F1 12 Tf 72 720 Td (E2E residency agreement) Tj ET";
  return Buffer.from(
    "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" +
      "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n" +
      "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n" +
      `4 0 obj\n<< /Length ${stream.length} >>\nstream\n${stream}\nendstream\nendobj\n` +
      "trailer\n<< /Root 1 0 R >>\n%%EOF\n",
  );
}

/** YYYY-MM-DD in China (UTC+8), `days` from today. */
function chinaDate(days = 0) {
  return new Date(Date.now() + 8 * 3600e3 + days * 86400e3)
    .toISOString()
    .slice(0, 10);
}

export default async function (ctx) {
  const { page, step, assert, byTestId, BASE, api } = ctx;
  let residencyId = 0;
  let english = false;

  const state = () =>
    byTestId(page, "residency-state").getAttribute("data-state");
  async function waitState(want) {
    await page.waitForFunction(
      (s) =>
        document.querySelector('[data-testid="residency-state"]')?.dataset
          .state === s,
      want,
    );
  }
  async function delivered() {
    return Number(
      (await byTestId(page, "residency-delivered").textContent()).trim(),
    );
  }

  await step(page, "bases-residency-open", async () => {
    english = await byTestId(page, "lang-en")
      .locator("input")
      .isChecked()
      .catch(() => false);
    if (english) await byTestId(page, "lang-zh-CN").click();
    const bases = await api(
      "GET",
      "/api/v1/bases?kind=incubation_base&size=200",
    );
    assert(bases.status === 200, `bases: ${bases.status}`);
    const base =
      bases.json.items.find((b) => b.region_code === "440700000000") ||
      bases.json.items[0];
    assert(base, "an incubation base exists (demo)");
    const org = await api("POST", "/api/v1/orgs", {
      name: `E2E 入驻测试志愿服务队 ${Date.now().toString(36)}`,
      kind: "micro_org",
      region_code: "440705000000",
    });
    assert(
      org.status === 201,
      `org: ${org.status} ${JSON.stringify(org.json)}`,
    );
    const res = await api("POST", "/api/v1/residencies", {
      base_id: base.id,
      org_id: org.json.id,
      state: "applied",
      committed_hours: 40,
      start_date: chinaDate(-10),
      end_date: chinaDate(355),
      service_content: "每月两次社区亲子阅读驻点服务",
      space: "共享工位 E-2",
    });
    assert(
      res.status === 201,
      `residency: ${res.status} ${JSON.stringify(res.json)}`,
    );
    residencyId = res.json.id;
    await page.goto(`${BASE}/residencies`);
    await byTestId(page, `residency-row-${residencyId}`).waitFor({
      state: "visible",
    });
    await byTestId(page, `residency-row-${residencyId}`).click();
    await waitState("applied");
    assert(
      new URL(page.url()).pathname === `/residencies/${residencyId}`,
      page.url(),
    );
  });

  await step(page, "bases-residency-sign", async () => {
    await byTestId(page, "residency-action-signed").click();
    const dialog = byTestId(page, "sign-dialog");
    await dialog.waitFor({ state: "visible" });
    await dialog.locator("input[type=file]").setInputFiles({
      name: "入驻协议.pdf",
      mimeType: "application/pdf",
      buffer: agreementPdf(),
    });
    await byTestId(page, "sign-upload-link").waitFor({ state: "visible" });
    await byTestId(page, "sign-submit").click();
    await waitState("signed");
    await byTestId(page, "residency-document").waitFor({ state: "visible" });
  });

  await step(page, "bases-residency-activate", async () => {
    await byTestId(page, "residency-action-active").click();
    await byTestId(page, "transition-dialog").waitFor({ state: "visible" });
    await byTestId(page, "transition-submit").click();
    await waitState("active");
    assert((await state()) === "active", "active");
  });

  await step(page, "bases-residency-events", async () => {
    assert((await delivered()) === 0, "no hours delivered yet");
    const events = [
      { title: "登记注册材料准备咨询", hours: "1.5" },
      { title: "社区亲子阅读驻点服务", hours: "3" },
    ];
    for (const [i, e] of events.entries()) {
      await byTestId(page, "event-add").click();
      const dialog = byTestId(page, "event-dialog");
      await dialog.waitFor({ state: "visible" });
      await byTestId(page, "event-title").fill(e.title);
      const hours = byTestId(page, "event-hours").locator("input");
      await hours.fill(e.hours);
      await hours.blur();
      await byTestId(page, "event-submit").click();
      await dialog.waitFor({ state: "hidden" });
      await page.waitForFunction(
        (n) =>
          document.querySelectorAll('[data-testid="event-item"]').length === n,
        i + 1,
      );
      await byTestId(page, "event-timeline")
        .getByText(e.title)
        .waitFor({ state: "visible" });
    }
    await page.waitForFunction(
      () =>
        document
          .querySelector('[data-testid="residency-delivered"]')
          ?.textContent.trim() === "4.5",
    );
    const hoursText = await byTestId(page, "residency-hours").innerText();
    assert(
      hoursText.includes("4.5") && hoursText.includes("40"),
      `hours shown: ${hoursText}`,
    );
  });

  await step(page, "bases-base-residents", async () => {
    const r = await api("GET", `/api/v1/residencies/${residencyId}`);
    await page.goto(`${BASE}/bases/${r.json.base_id}`);
    const table = byTestId(page, "base-residents");
    await table.waitFor({ state: "visible" });
    await byTestId(page, "event-timeline").waitFor({ state: "visible" });
    if (english) await byTestId(page, "lang-en").click();
    await page.goto(`${BASE}/home`);
    await byTestId(page, "home-welcome").waitFor({ state: "visible" });
  });
}
