// Hostile input in the browser (issue 8, point 7). The admin opens every "new"
// form it can reach and types script and HTML payloads into every text field
// (found generically: each visible input[type=text] and textarea of the dialog),
// picks the first option of each empty select and a date for each date picker,
// and saves; a field that refuses a payload (validation) is cleared or given
// plain text and noted. Then every list and detail page showing the records is
// opened — in a context that ignores the CSP (so an injection would really run)
// and in an ordinary one (where the CSP would block it and report) — together
// with the public pages. Passes when no payload ran (window.__xss setter, native
// alert/confirm/prompt, a dialog event), the CSP reported nothing, no link has a
// javascript: URL, and each saved form's text shows on its pages as typed.

const PAYLOADS = [
  "<img src=x onerror=window.__xss=1>",
  "<script>window.__xss=1</script>",
  '"><svg onload=window.__xss=1>',
  "{{constructor.constructor('window.__xss=1')()}}",
  "javascript:window.__xss=1//",
  '\'"><iframe srcdoc="<script>parent.__xss=1</script>">',
];

// [list page, button opening the form, open the first row first?]
const FORMS = [
  ["/orgs", "org-create"],
  ["/notices", "notice-publish-open"],
  ["/meetings", "meeting-new"],
  ["/trainings", "training-new"],
  ["/liaison", "visit-new"],
  ["/bases", "base-new"],
  ["/residencies", "residency-new"],
  ["/budgets", "pool-new"],
  ["/projects", "project-new"],
  ["/tenders", "tender-new"],
  ["/competitions", "competition-new"],
  ["/homes", "home-new"],
  ["/homes/criteria", "criteria-new"],
  ["/supervision", "inspection-new"],
  ["/internship-bases", "ibase-new"],
  ["/internship-bases", "intern-new", true],
  ["/party", "party-member-new", true],
  ["/party", "party-activity-new", true],
  ["/users", "user-create"],
  ["/dicts", "dict-add"],
];

const PUBLIC_PAGES = [
  "/public/orgs",
  "/public/tenders",
  "/public/cases",
  "/public/disclosures",
];

// A valid plain value for a field whose label names a format, or null (payload).
const FORMATTED = [
  [/办公电话|座机|office/i, "0750-3301234"],
  [/电话|手机|phone|mobile/i, "13800138000"],
  [/网址|网站|website|URL|链接|link/i, "javascript:"],
  [/身份证|信用代码|USCC|ID|编号|邮箱|email/i, ""],
  [/YYYY|\d{4}-\d{2}/, "2026-11-01"],
  [
    /金额|元|amount|price|预算|budget|分值|分数|得分|小时|hours|学时|score|points/i,
    "1000",
  ],
  [/代码|code/i, "xss_code"],
  [/用户名|username|账号/i, "xss_code"],
];
// A unified social credit code with its GB 32100-2015 check character (random, so new).
function uscc() {
  const cs = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let body = "51440700";
  while (body.length < 17) body += String(Math.floor(Math.random() * 10));
  const sum = [...body].reduce((a, c, i) => a + cs.indexOf(c) * w[i], 0);
  return body + cs[(31 - (sum % 31)) % 31];
}
// A resident ID number (GB 11643-1999) with its check character (random, so new).
function idNumber() {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let body = "44070319900101";
  while (body.length < 17) body += String(Math.floor(Math.random() * 10));
  const sum = [...body].reduce((a, c, i) => a + Number(c) * w[i], 0);
  return body + "10X98765432"[sum % 11];
}
function plainValue(hintText, k) {
  if (/信用代码|USCC/i.test(hintText)) return uscc();
  if (/身份证|ID number|id_number/i.test(hintText)) return idNumber();
  for (const [re, v] of FORMATTED)
    if (re.test(hintText)) return v === "xss_code" ? `xss_k${k}` : v;
  return null;
}

/** Hooks every way a payload could show it ran; reports through `__hit`. */
function hooks() {
  const hit = (what) =>
    window.__hit && window.__hit(`${what} at ${location.pathname}`);
  Object.defineProperty(window, "__xss", {
    configurable: false,
    get: () => 0,
    set: () => hit("window.__xss set"),
  });
  for (const f of ["alert", "confirm", "prompt"]) {
    window[f] = () => {
      hit(`${f}() called`);
      return null;
    };
  }
  document.addEventListener("securitypolicyviolation", (e) =>
    hit(`CSP violation ${e.violatedDirective} ${e.blockedURI}`),
  );
}

export default async function hostileInput(ctx) {
  const { browser, page, step, assert, byTestId, BASE } = ctx;
  const hits = [];
  const notes = [];
  const saved = []; // {form, list, texts, detail}

  async function hostileContext(bypassCSP) {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      bypassCSP,
    });
    await context.exposeBinding("__hit", (_src, what) =>
      hits.push(`${what}${bypassCSP ? "" : " (CSP on)"}`),
    );
    await context.addInitScript(hooks);
    const p = await context.newPage();
    p.setDefaultTimeout(ctx.TIMEOUT);
    p.on("dialog", async (d) => {
      hits.push(`native ${d.type()} dialog: ${d.message()}`);
      await d.dismiss();
    });
    return p;
  }
  // A fresh admin of the city (the main run's admin has enrolled in TOTP).
  const user = `e2e_xss_${Date.now().toString(36)}`;
  const pass = "Hostile-Input-Pass-2026";
  async function login(p) {
    await p.goto(`${BASE}/login`);
    await byTestId(p, "login-username").fill(user);
    await byTestId(p, "login-password").fill(pass);
    await byTestId(p, "login-submit").click();
    await byTestId(p, "home-welcome").waitFor({ state: "visible" });
  }
  const settle = (p) => p.waitForLoadState("networkidle").catch(() => {});
  const noHits = (where) =>
    assert(hits.length === 0, `payload ran (${where}): ${hits.join("; ")}`);

  const bypass = await hostileContext(true);
  const strict = await hostileContext(false);

  await step(page, "hostile-csp-header", async () => {
    const res = await page.request.get(`${BASE}/orgs`);
    const csp = res.headers()["content-security-policy"] || "";
    assert(
      /script-src 'self'(;|$)/.test(csp),
      `script-src only 'self': ${csp}`,
    );
    assert(
      !/script-src[^;]*unsafe-(inline|eval)/.test(csp),
      `no unsafe script: ${csp}`,
    );
    assert(csp.includes("object-src 'none'"), `object-src none: ${csp}`);
    assert(
      csp.includes("frame-ancestors 'none'"),
      `frame-ancestors none: ${csp}`,
    );
    assert(res.headers()["x-content-type-options"] === "nosniff", "nosniff");
    const u = await ctx.api("POST", "/api/v1/users", {
      username: user,
      display_name: "恶意输入测试",
      role: "admin",
      region_code: "440700000000",
      password: pass,
    });
    assert(u.status === 201, `admin: ${u.status} ${JSON.stringify(u.json)}`);
    await login(bypass);
    await login(strict);
  });

  /** The open dialog (or drawer); null when the button navigated to a page. */
  async function openForm(p, button) {
    await byTestId(p, button).first().click();
    const dlg = p.locator(".el-dialog:visible, .el-drawer:visible").last();
    await dlg.waitFor({ state: "visible", timeout: 3000 });
    await p.waitForTimeout(300);
    return dlg;
  }

  // Closes a dropdown or date panel without closing the dialog (Escape would).
  // Waits out the closing transition, so the next dropdown is the only one visible.
  const closePopups = async (dlg) => {
    await dlg
      .locator(".el-dialog__header, .el-drawer__header")
      .first()
      .click({ position: { x: 5, y: 5 } })
      .catch(() => {});
    await dlg.page().waitForTimeout(250);
  };

  /** The field's label and placeholder, to recognise formatted fields. */
  const hint = (el) =>
    el.evaluate((e) => {
      const item = e.closest(".el-form-item");
      const label = item
        ? item.querySelector(".el-form-item__label")?.textContent || ""
        : "";
      return `${label} ${e.getAttribute("placeholder") || ""}`;
    });
  const day0 = Date.now() - 2 * 86400000;
  const dateText = (n) =>
    new Date(day0 + n * 5 * 86400000).toISOString().slice(0, 10);

  /** Fills every field of the form; returns the payload typed into each text field. */
  async function fill(p, dlg, k) {
    const typed = [];
    // Selects without a value: the first option (regions: the root of the scope).
    const selects = dlg.locator(".el-select, .el-tree-select");
    for (let i = 0; i < (await selects.count()); i++) {
      const s = selects.nth(i);
      if (!(await s.isVisible())) continue;
      if (!(await s.locator(".el-select__placeholder.is-transparent").count()))
        continue;
      await s.click();
      const opt = p
        .locator(
          // multi-selects (recipient filters) stay empty: a filter narrows, never required
          ".el-select-dropdown:visible:not(.is-multiple) .el-select-dropdown__item:not(.is-disabled), .el-select-dropdown:visible .el-tree-node__content",
        )
        .first();
      try {
        await opt.click({ timeout: 1500 });
      } catch {
        // nothing to pick (a remote search): leave it
      }
      await closePopups(dlg);
    }
    // Cascaders without a value (region pickers): the first node.
    for (const c of await dlg.locator(".el-cascader").all()) {
      if (!(await c.isVisible()) || (await c.locator("input").inputValue()))
        continue;
      await c.click();
      const node = p
        .locator(".el-cascader__dropdown:visible .el-cascader-node")
        .first();
      try {
        const radio = node.locator(".el-radio");
        await ((await radio.count()) ? radio : node).click({ timeout: 1500 });
      } catch {
        // nothing to pick
      }
      await closePopups(dlg);
    }
    // Date pickers: valid dates, the first two days ago (a visit cannot lie
    // in the future), each later one five days after the one before.
    const dates = dlg.locator(".el-date-editor");
    let nth = 0;
    for (let i = 0; i < (await dates.count()); i++) {
      const d = dates.nth(i);
      if (!(await d.isVisible())) continue;
      const cls = (await d.getAttribute("class")) || "";
      const inputs = d.locator("input");
      for (let j = 0; j < (await inputs.count()); j++) {
        const day = dateText(nth++);
        const value = cls.includes("datetime") ? `${day} 09:00:00` : day;
        await inputs.nth(j).fill(value);
        await inputs.nth(j).press("Enter");
      }
      await closePopups(dlg);
    }
    const numbers = dlg.locator(".el-input-number input");
    for (let i = 0; i < (await numbers.count()); i++) {
      const n = numbers.nth(i);
      if (!(await n.isVisible())) continue;
      if (/ID|编号/.test(await hint(n))) await n.fill("");
      else if (!(await n.inputValue())) await n.fill("1");
    }
    for (const pw of await dlg.locator("input[type=password]").all())
      if (await pw.isVisible()) await pw.fill(pass);
    const fields = dlg.locator("input[type=text], input:not([type]), textarea");
    for (let i = 0; i < (await fields.count()); i++) {
      const f = fields.nth(i);
      if (!(await f.isVisible()) || !(await f.isEditable())) continue;
      const inWidget = await f.evaluate(
        (el) =>
          !!el.closest(
            ".el-select, .el-tree-select, .el-date-editor, .el-input-number, .el-cascader",
          ),
      );
      if (inWidget) continue;
      // Fields with a format of their own get a valid plain value (their
      // validators refusing a payload is the expected outcome, noted once).
      const plain = plainValue(await hint(f), k);
      if (plain === "javascript:") {
        const text = `javascript:window.__xss=1//k${k}f${i}`;
        await f.fill(text);
        typed.push({ index: i, text });
        continue;
      }
      if (plain !== null) {
        await f.fill(plain);
        continue;
      }
      const text = `${PAYLOADS[(k + i) % PAYLOADS.length]} k${k}f${i}`;
      await f.fill(text);
      typed.push({ index: i, text });
    }
    return typed;
  }

  /** Saves; on refused fields clears them (then plain text) and retries. */
  async function save(p, dlg, typed, form) {
    const fields = dlg.locator("input[type=text], input:not([type]), textarea");
    for (let attempt = 0; attempt < 2; attempt++) {
      const btn = dlg
        .locator(
          ".el-dialog__footer .el-button--primary, .el-drawer__footer .el-button--primary",
        )
        .last();
      if (!(await btn.isEnabled())) break; // e.g. a notice with no recipient
      await btn.click();
      try {
        await dlg.waitFor({ state: "hidden", timeout: 2000 });
        return true;
      } catch {
        // still open: find the refused fields
      }
      const bad = dlg.locator(".el-form-item.is-error");
      const n = await bad.count();
      if (!n) break;
      for (let i = 0; i < n; i++) {
        const item = bad.nth(i);
        const label = (
          await item
            .locator(".el-form-item__label")
            .first()
            .innerText()
            .catch(() => "")
        ).trim();
        const msg = (
          await item
            .locator(".el-form-item__error")
            .first()
            .innerText()
            .catch(() => "")
        ).trim();
        const input = item
          .locator("input[type=text], input:not([type]), textarea")
          .first();
        if (!(await input.count()) || !(await input.isEditable())) continue;
        const idx = await fields.evaluateAll(
          (els, el) => els.indexOf(el),
          await input.elementHandle(),
        );
        const t = typed.find((x) => x.index === idx);
        if (t) {
          notes.push(`${form}: field "${label}" refused the payload (${msg})`);
          typed.splice(typed.indexOf(t), 1);
        }
        await input.fill(
          attempt === 0 ? "" : `E2E 纯文本 ${Date.now() % 100000}`,
        );
      }
    }
    const why = await p
      .locator(".el-message:visible, .el-form-item__error:visible")
      .allInnerTexts();
    notes.push(`${form}: not saved (${why.join(" | ")})`);
    await p.keyboard.press("Escape");
    return false;
  }

  await step(bypass, "hostile-fill-every-form", async () => {
    const only = process.env.E2E_HOSTILE_ONLY || ""; // debugging: forms whose button matches
    for (let k = 0; k < FORMS.length; k++) {
      const [list, button, firstRow] = FORMS[k];
      if (!button.includes(only)) continue;
      const form = `${list} ${button}`;
      await bypass.goto(`${BASE}${list}`);
      await settle(bypass);
      if (firstRow) {
        const row = bypass.locator(".el-table__row").first();
        try {
          await row.waitFor({ state: "visible", timeout: 5000 });
        } catch {
          notes.push(`${form}: no row to open`);
          continue;
        }
        const link = row
          .locator("a, .el-link, .el-button--primary.is-link")
          .first();
        await ((await link.count()) ? link : row).click();
        await settle(bypass);
      }
      if (!(await byTestId(bypass, button).count())) {
        notes.push(`${form}: no such button here`);
        continue;
      }
      let dlg;
      try {
        dlg = await openForm(bypass, button);
      } catch {
        notes.push(`${form}: no dialog opened`);
        continue;
      }
      const typed = await fill(bypass, dlg, k);
      const ok = await save(bypass, dlg, typed, form);
      await settle(bypass);
      noHits(form);
      if (ok && typed.length)
        saved.push({
          form,
          list,
          texts: typed.map((t) => t.text),
          detail: bypass.url(),
        });
    }
    console.log(
      `  hostile input: ${saved.length}/${FORMS.length} forms saved with payloads`,
    );
    for (const n of notes) console.log(`  note: ${n}`);
    // On the demo data eight forms save with payloads; the others need an id
    // typed by hand, a village, or refuse a duplicate (see the notes).
    assert(only || saved.length >= 8, `forms saved: ${saved.map((s) => s.form)}`);
  });

  /** Opens `url`, waits, and returns the page's visible text. */
  async function visit(p, url, expect) {
    await p.goto(url.startsWith("http") ? url : `${BASE}${url}`);
    if (expect) {
      const shows = () =>
        p
          .getByText(expect)
          .first()
          .waitFor({ timeout: 4000 })
          .then(() => true)
          .catch(() => false);
      // A paged list may hold the saved row past its first page (earlier flows
      // add rows): search for the text with the page's own search box.
      if (!(await shows())) {
        const box = p
          .locator('input[data-testid$="-search"], [data-testid$="-search"] input')
          .first();
        if (await box.count()) {
          await box.fill(expect);
          await box.press("Enter");
          await shows();
        }
      }
    } else await settle(p);
    const js = await p
      .locator('a[href^="javascript:" i], [src^="javascript:" i]')
      .count();
    assert(js === 0, `javascript: URL rendered at ${url}`);
    return p.locator("body").innerText();
  }

  for (const [name, p] of [
    ["bypass-csp", bypass],
    ["csp", strict],
  ]) {
    await step(p, `hostile-pages-show-text-as-typed-${name}`, async () => {
      const missing = [];
      for (const s of saved) {
        // The list page: one of the form's texts shows verbatim.
        const text = await visit(p, s.list, s.texts[0]);
        noHits(s.list);
        const shown = s.texts.filter((t) => text.includes(t));
        // The page reached after saving (a detail page, or the list again).
        const after = s.detail.endsWith(s.list)
          ? text
          : await visit(p, s.detail, s.texts[0]);
        noHits(s.detail);
        const shownAfter = s.texts.filter((t) => after.includes(t));
        if (!shown.length && !shownAfter.length) missing.push(s.form);
        // Open the row showing the payload, if the list links to a detail page.
        const row = p
          .locator(".el-table__row", { hasText: s.texts[0] })
          .first();
        if (
          !s.detail.endsWith(s.list) ||
          !(await visit(p, s.list, s.texts[0])) ||
          !(await row.count())
        )
          continue;
        const link = row.locator("a, .el-link").first();
        if (await link.count()) {
          await link.click();
          await settle(p);
          noHits(`${s.form} detail`);
          assert(
            !(await p.locator('a[href^="javascript:" i]').count()),
            `javascript: link in ${s.form} detail`,
          );
        }
      }
      for (const url of PUBLIC_PAGES) {
        await visit(p, url);
        noHits(url);
      }
      assert(
        missing.length === 0,
        `text not shown as typed: ${missing.join(", ")}`,
      );
    });
  }

  await bypass.context().close();
  await strict.context().close();
}
