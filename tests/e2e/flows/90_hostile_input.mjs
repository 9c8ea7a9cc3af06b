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
// javascript: URL, each of the twenty forms saved with payloads, and each saved
// form's text shows on its pages as typed. Prints per form what was saved, the
// fields given a plain value (a format of their own: phones, codes, amounts,
// dates, ids) and any field whose validation refused a payload.

const PAYLOADS = [
  "<img src=x onerror=window.__xss=1>",
  "<script>window.__xss=1</script>",
  '"><svg onload=window.__xss=1>',
  "{{constructor.constructor('window.__xss=1')()}}",
  "javascript:window.__xss=1//",
  '\'"><iframe srcdoc="<script>parent.__xss=1</script>">',
];

// The forms, each: the page holding its button (`list`), the button, and what a
// user does first. `firstRow`: open the list's first row (a detail page holds the
// button); `after`: open the detail page the named form reached after saving;
// `nav`: saving opens the record's detail page; `tab`: the el-tabs pane (its
// name) holding the button and showing the record;
// `leave`: labels of selects left empty (an optional choice whose first option
// would clash, e.g. a Party post already held); `prepare(p, dlg, env)`: choices
// the generic filler cannot make (a free year, an approved project, a village);
// `inList: false`: the list shows none of the typed texts (only the detail page).
const FORMS = [
  { list: "/orgs", button: "org-create", nav: true },
  { list: "/notices", button: "notice-publish-open", nav: true },
  { list: "/meetings", button: "meeting-new", nav: true },
  { list: "/trainings", button: "training-new", nav: true },
  { list: "/liaison", button: "visit-new" },
  { list: "/bases", button: "base-new", nav: true },
  {
    list: "/residencies",
    button: "residency-new",
    nav: true,
    prepare: incubationBase,
    inList: false, // the list names the organization and base; the terms show on the detail
  },
  { list: "/budgets", button: "pool-new", prepare: freePoolYear },
  { list: "/projects", button: "project-new", nav: true },
  { list: "/tenders", button: "tender-new", nav: true, prepare: tenderProject },
  { list: "/competitions", button: "competition-new", nav: true },
  { list: "/homes", button: "home-new", nav: true, prepare: village },
  { list: "/homes/criteria", button: "criteria-new" },
  { list: "/supervision", button: "inspection-new", tab: "inspections" },
  { list: "/internship-bases", button: "ibase-new", nav: true },
  { list: "/internship-bases", button: "intern-new", after: "ibase-new" },
  {
    list: "/party",
    button: "party-member-new",
    firstRow: true,
    leave: /支委职务|post/i,
  },
  {
    list: "/party",
    button: "party-activity-new",
    firstRow: true,
    tab: "activities",
  },
  { list: "/users", button: "user-create" },
  { list: "/dicts", button: "dict-add" },
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
  [/YYYY|\d{4}-\d{2}/, "date"],
  [
    /金额|元|amount|price|预算(?!明细|科目)|budget|分值|分数|得分|小时|hours|学时|score|points/i,
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
function plainValue(hintText, k, nextDate) {
  if (/信用代码|USCC/i.test(hintText)) return uscc();
  if (/身份证|ID number|id_number/i.test(hintText)) return idNumber();
  for (const [re, v] of FORMATTED) {
    if (!re.test(hintText)) continue;
    if (v === "date") return nextDate();
    return v === "xss_code" ? `xss_k${k}` : v;
  }
  return null;
}

/** Waits until no Vue enter/leave transition runs (dialogs, dropdowns, pickers). */
const still = (p) =>
  p
    .waitForFunction(
      () =>
        !document.querySelector(
          '[class*="-enter-active"], [class*="-leave-active"]',
        ),
      null,
      { timeout: 3000 },
    )
    .catch(() => {});

/** Picks the option showing `text` in the select `trigger`. */
async function choose(p, trigger, text) {
  await trigger.click();
  await p
    .locator(".el-select-dropdown:visible .el-select-dropdown__item", {
      hasText: text,
    })
    .first()
    .click();
  await still(p);
}

/** The region tree row named exactly `name` in a RegionSelect popper. */
function treeRow(scope, name) {
  return scope
    .locator(".el-tree-node__content")
    .filter({
      has: scope.page().locator(".node-name", {
        hasText: new RegExp(`^\\s*${name}\\s*$`),
      }),
    })
    .first();
}

// ---- form-specific set-up (see FORMS)

/** Residency agreements are made with an active incubation base. */
async function incubationBase(p, dlg, env) {
  await choose(p, dlg.locator(".el-select").first(), env.baseName);
}

/** Budget pools are unique per year, source and region: a year still free. */
async function freePoolYear(p, dlg, env) {
  const year = dlg.locator(".el-input-number input").first();
  await year.fill(String(env.poolYear));
  await year.blur();
}

/** A tender needs an approved project without a channel, and a future deadline. */
async function tenderProject(p, dlg, env) {
  await choose(p, dlg.locator('[data-testid="tender-project"]'), env.project);
  const next = new Date().getUTCFullYear() + 1;
  for (const [id, at] of [
    ["tender-deadline", `${next}-01-10T17:00`],
    ["tender-opening", `${next}-01-11T09:30`],
  ])
    await dlg
      .locator(`[data-testid="${id}"] input, input[data-testid="${id}"]`)
      .first()
      .fill(at);
}

/** Women & Children Homes sit in a village or community: 会城街道's first. */
async function village(p, dlg) {
  await dlg.locator('[data-testid="home-form-region"]').click();
  const popper = p.locator(".el-popper.region-select-popper:visible");
  let row = null;
  for (const name of ["江门市", "新会区", "会城街道"]) {
    row = treeRow(popper, name);
    await row.waitFor({ state: "visible" });
    const open = await row.evaluate((el) =>
      el.parentElement.classList.contains("is-expanded"),
    );
    if (!open) await row.locator(".el-tree-node__expand-icon").click();
  }
  await row
    .locator(
      'xpath=../div[contains(@class,"el-tree-node__children")]/div/div[contains(@class,"el-tree-node__content")]',
    )
    .first()
    .locator(".node-name")
    .click();
  await popper.waitFor({ state: "hidden" });
}

/** Switches CSS transitions and animations off (Vue then ends its transitions at once). */
function noTransitions() {
  const css =
    "*,*::before,*::after{transition:none!important;animation:none!important}";
  document.addEventListener("DOMContentLoaded", () => {
    const style = document.createElement("style");
    style.textContent = css;
    document.head.appendChild(style);
  });
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
  const { browser, page, step, assert, byTestId, BASE, api } = ctx;
  const hits = [];
  const notes = [];
  const saved = []; // {form, spec, texts, detail}
  const env = {}; // prerequisites: orgId, baseName, poolYear, project
  const stamp = Date.now().toString(36);
  const started = Date.now();

  async function hostileContext(bypassCSP) {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      bypassCSP,
    });
    await context.exposeBinding("__hit", (_src, what) =>
      hits.push(`${what}${bypassCSP ? "" : " (CSP on)"}`),
    );
    await context.addInitScript(hooks);
    // Without the CSP an inline style may switch transitions off, so nothing
    // waits for a dialog or dropdown to finish animating.
    if (bypassCSP) await context.addInitScript(noTransitions);
    const p = await context.newPage();
    p.setDefaultTimeout(ctx.TIMEOUT);
    p.on("dialog", async (d) => {
      hits.push(`native ${d.type()} dialog: ${d.message()}`);
      await d.dismiss();
    });
    return p;
  }
  // A fresh admin of the city (the main run's admin has enrolled in TOTP).
  const user = `e2e_xss_${stamp}`;
  const pass = "Hostile-Input-Pass-2026";
  async function login(p) {
    await p.goto(`${BASE}/login`);
    await byTestId(p, "login-username").fill(user);
    await byTestId(p, "login-password").fill(pass);
    await byTestId(p, "login-submit").click();
    await byTestId(p, "home-welcome").waitFor({ state: "visible" });
  }
  /**
   * Opens `url` in the running app through its router, as a click on a menu
   * would (no reload: the hooks stay, the page is built from scratch); loads
   * it when no app runs yet.
   */
  async function go(p, url) {
    const to = url.startsWith("http") ? url.slice(BASE.length) : url;
    const pushed = await p
      .evaluate(async (path) => {
        const root = [...document.body.children].find((e) => e.__vue_app__);
        const router = root?.__vue_app__.config.globalProperties.$router;
        if (!router) return false;
        await router.push(path);
        await new Promise((r) => setTimeout(r, 0)); // let the new page render
        return true;
      }, to)
      .catch(() => false);
    if (!pushed) await p.goto(`${BASE}${to}`);
  }
  const noHits = (where) =>
    assert(hits.length === 0, `payload ran (${where}): ${hits.join("; ")}`);
  const created = (r, what) =>
    assert(
      r.status === 200 || r.status === 201,
      `${what}: ${r.status} ${JSON.stringify(r.json)}`,
    );

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
    const u = await api("POST", "/api/v1/users", {
      username: user,
      display_name: "恶意输入测试",
      role: "admin",
      region_code: "440700000000",
      password: pass,
    });
    created(u, "admin");
    await Promise.all([login(bypass), login(strict)]);
    // The detectors themselves: markup injected by hand runs its handler
    // without the CSP (the __xss setter fires) and is reported with it.
    for (const p of [bypass, strict]) {
      await p.evaluate(() =>
        document.body.insertAdjacentHTML(
          "beforeend",
          '<img id="hostile-probe" src="/x-probe" onerror="window.__xss=1">',
        ),
      );
    }
    const seen = () =>
      hits.some((h) => h.startsWith("window.__xss set")) &&
      hits.some((h) => h.startsWith("CSP violation"));
    for (let i = 0; i < 50 && !seen(); i++) await page.waitForTimeout(100); // polls
    assert(seen(), `the probe was caught in both contexts: ${hits.join("; ")}`);
    hits.length = 0;
  });

  // What some forms need before they can save (see FORMS): an organization of
  // the scope to type in (agreements, internship bases), an active incubation
  // base, two budget years still free of a city fiscal pool (one for the pool
  // form, one for an approved project the tender form can pick).
  await step(page, "hostile-prerequisites", async () => {
    const org = await api("POST", "/api/v1/orgs", {
      name: `E2E 恶意输入测试组织 ${stamp}`,
      kind: "micro_org",
      region_code: "440705000000",
    });
    created(org, "organization");
    env.orgId = org.json.id;
    const bases = await api("GET", "/api/v1/bases?size=200");
    const base = (bases.json.items || []).find(
      (b) =>
        b.kind === "incubation_base" &&
        b.status === "active" &&
        /^[^<>{"']+$/.test(b.name),
    );
    assert(base, `an active incubation base: ${JSON.stringify(bases.json)}`);
    env.baseName = base.name;
    const free = [];
    for (let y = 2099; free.length < 2 && y > 2030; y--) {
      const r = await api(
        "GET",
        `/api/v1/budget-pools?year=${y}&source=fiscal_budget&size=200`,
      );
      if (!r.json.items.some((x) => x.region_code === "440700000000"))
        free.push(y);
    }
    assert(free.length === 2, `free budget years: ${free}`);
    env.poolYear = free[0];
    const pool = await api("POST", "/api/v1/budget-pools", {
      year: free[1],
      source: "fiscal_budget",
      region_code: "440700000000",
      planned: 10000000000,
    });
    created(pool, "pool");
    env.project = `E2E 恶意输入招标项目 ${stamp}`;
    const pr = await api("POST", "/api/v1/projects", {
      title: env.project,
      department: "发展部",
      year: free[1],
      region_code: "440700000000",
      budget_lines: [{ name: "服务费", amount: 20000000 }],
    });
    created(pr, "project");
    created(
      await api("POST", `/api/v1/projects/${pr.json.id}/submit`),
      "submit",
    );
    created(
      await api("POST", `/api/v1/projects/${pr.json.id}/approve`, {
        pool_id: pool.json.id,
      }),
      "approve",
    );
  });

  // Closes a dropdown or date panel without closing the dialog (Escape would),
  // and waits out the closing transition, so the next dropdown is the only one visible.
  const closePopups = async (dlg) => {
    await dlg
      .locator(".el-dialog__header, .el-drawer__header")
      .first()
      .click({ position: { x: 5, y: 5 } })
      .catch(() => {});
    await still(dlg.page());
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
  async function fill(p, dlg, k, leave, plainFields) {
    const typed = [];
    let nth = 0; // dates: two days ago, then five days apart (a visit cannot lie ahead)
    const nextDate = () => dateText(nth++);
    // Selects without a value: the first option (regions: the root of the scope).
    const selects = dlg.locator(".el-select, .el-tree-select");
    for (let i = 0; i < (await selects.count()); i++) {
      const s = selects.nth(i);
      if (!(await s.isVisible())) continue;
      if (!(await s.locator(".el-select__placeholder.is-transparent").count()))
        continue;
      if (leave && leave.test(await hint(s))) continue;
      // The select's own dropdown (its input names it), not another one closing.
      const id = await s
        .locator("input[role=combobox]")
        .first()
        .getAttribute("aria-controls");
      const list = p.locator(`[id="${id}"]`);
      // multi-selects (recipient filters) stay empty: a filter narrows, never required
      const multiple = await list
        .evaluate(
          (el) => !!el.closest(".el-select-dropdown.is-multiple"),
          null,
          {
            timeout: 1000,
          },
        )
        .catch(() => false);
      if (multiple) continue;
      // Options still loading appear quickly; a list that stays empty (an
      // optional choice with nothing to choose) is left alone.
      const items = list.locator(
        ".el-select-dropdown__item:not(.is-disabled), .el-tree-node__content",
      );
      if (!(await items.count()))
        await items
          .first()
          .waitFor({ state: "attached", timeout: 700 })
          .catch(() => {});
      if (!(await items.count())) continue;
      await s.click();
      try {
        await items.first().click({ timeout: 1500 });
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
    const dates = dlg.locator(".el-date-editor");
    for (let i = 0; i < (await dates.count()); i++) {
      const d = dates.nth(i);
      if (!(await d.isVisible())) continue;
      const cls = (await d.getAttribute("class")) || "";
      const inputs = d.locator("input");
      for (let j = 0; j < (await inputs.count()); j++) {
        const day = nextDate();
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
      const h = await hint(n);
      // An organization typed by its id (agreements, internship bases).
      if (/组织 ?ID|组织编号|organization id/i.test(h))
        await n.fill(String(env.orgId));
      else if (/ID|编号/.test(h)) await n.fill("");
      else if (!(await n.inputValue())) await n.fill("1");
    }
    for (const pw of await dlg.locator("input[type=password]").all())
      if (await pw.isVisible()) await pw.fill(pass);
    // Text fields: one look at all of them (visible, editable, not part of a
    // select or picker, and their hints), then one fill each.
    const fields = dlg.locator("input[type=text], input:not([type]), textarea");
    const info = await fields.evaluateAll((els) =>
      els.map((e) => {
        const box = e.getBoundingClientRect();
        const item = e.closest(".el-form-item");
        const label = item
          ? item.querySelector(".el-form-item__label")?.textContent || ""
          : "";
        return {
          usable:
            box.width > 0 &&
            box.height > 0 &&
            getComputedStyle(e).visibility !== "hidden" &&
            !e.disabled &&
            !e.readOnly &&
            !e.closest(
              ".el-select, .el-tree-select, .el-date-editor, .el-input-number, .el-cascader",
            ),
          hint: `${label} ${e.getAttribute("placeholder") || ""}`,
        };
      }),
    );
    for (let i = 0; i < info.length; i++) {
      if (!info[i].usable) continue;
      const f = fields.nth(i);
      // Fields with a format of their own get a valid plain value (their
      // validators refusing a payload is the expected outcome, noted once).
      const plain = plainValue(info[i].hint, k, nextDate);
      if (plain === "javascript:") {
        const text = `javascript:window.__xss=1//k${k}f${i}`;
        await f.fill(text);
        typed.push({ index: i, text });
        continue;
      }
      if (plain !== null) {
        await f.fill(plain);
        plainFields.push(info[i].hint.replace(/\s+/g, " ").trim());
        continue;
      }
      const text = `${PAYLOADS[(k + i) % PAYLOADS.length]} k${k}f${i}`;
      await f.fill(text);
      typed.push({ index: i, text });
    }
    return typed;
  }

  /**
   * Clicks save and waits for what follows: "saved" (the dialog closed),
   * "invalid" (a form rule refused a field) or "refused" (the server said no).
   */
  async function submit(p, dlg, btn) {
    const isWrite = (r) =>
      r.request().method() !== "GET" &&
      new URL(r.url()).pathname.startsWith("/api/v1/");
    const response = p.waitForResponse(isWrite, { timeout: 8000 });
    response.catch(() => {});
    await btn.click();
    const why = await Promise.race([
      response.then((r) => (r.ok() ? "ok" : "refused")).catch(() => null),
      dlg
        .waitFor({ state: "hidden", timeout: 8000 })
        .then(() => "saved")
        .catch(() => null),
      dlg
        .locator(".el-form-item.is-error")
        .first()
        .waitFor({ timeout: 8000 })
        .then(() => "invalid")
        .catch(() => null),
    ]);
    if (why === "ok" || why === "saved") {
      try {
        await dlg.waitFor({ state: "hidden", timeout: 5000 });
        return "saved";
      } catch {
        // a second request of the same save failed: its error shows
      }
    }
    await still(p);
    return why || "invalid";
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
      if ((await submit(p, dlg, btn)) === "saved") return true;
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
      // Let the rules re-run on the new values before saving again.
      await p
        .waitForFunction(
          (d) => !d.querySelector(".el-form-item.is-error"),
          await dlg.elementHandle(),
          { timeout: 1000 },
        )
        .catch(() => {});
    }
    const why = await p
      .locator(
        ".el-message:visible, .el-form-item__error:visible, .el-dialog .el-alert--error:visible",
      )
      .allInnerTexts();
    notes.push(`${form}: NOT SAVED (${why.join(" | ")})`);
    await p.keyboard.press("Escape");
    return false;
  }

  /** Opens the page holding the form's button, in `p`. */
  async function reachButton(p, spec, form) {
    let url = spec.list;
    if (spec.after) {
      const prev = saved.find((s) => s.spec.button === spec.after);
      if (!prev) {
        notes.push(`${form}: NOT SAVED (${spec.after} saved nothing to open)`);
        return false;
      }
      url = prev.detail;
    }
    await go(p, url);
    if (spec.firstRow) {
      // A list of one opens its row by itself (the Party branches do).
      const row = p.locator(".el-table__row").first();
      const away = (u) => u.pathname !== spec.list;
      try {
        await Promise.race([
          row.waitFor({ state: "visible", timeout: 5000 }),
          p.waitForURL(away, { timeout: 5000 }),
        ]);
      } catch {
        notes.push(`${form}: NOT SAVED (no row to open)`);
        return false;
      }
      if (!away(new URL(p.url()))) {
        const link = row
          .locator("a, .el-link, .el-button--primary.is-link")
          .first();
        await ((await link.count()) ? link : row)
          .click({ timeout: 3000 })
          .catch(() => {});
        await p.waitForURL(away);
      }
    }
    if (spec.tab) await p.locator(`#tab-${spec.tab}`).click();
    return true;
  }

  await step(bypass, "hostile-fill-every-form", async () => {
    const only = process.env.E2E_HOSTILE_ONLY || ""; // debugging: forms whose button matches
    for (let k = 0; k < FORMS.length; k++) {
      const spec = FORMS[k];
      if (!spec.button.includes(only)) continue;
      const form = `${spec.list} ${spec.button}`;
      const t0 = Date.now();
      if (!(await reachButton(bypass, spec, form))) continue;
      const button = byTestId(bypass, spec.button).first();
      let dlg;
      try {
        await button.click({ timeout: 5000 });
        dlg = bypass.locator(".el-dialog:visible, .el-drawer:visible").last();
        await dlg.waitFor({ state: "visible", timeout: 3000 });
      } catch {
        notes.push(`${form}: NOT SAVED (no dialog opened)`);
        continue;
      }
      await still(bypass);
      if (spec.prepare) await spec.prepare(bypass, dlg, env);
      const plainFields = [];
      const typed = await fill(bypass, dlg, k, spec.leave, plainFields);
      const from = bypass.url();
      const ok = await save(bypass, dlg, typed, form);
      if (ok && spec.nav)
        await bypass
          .waitForURL((u) => u.href !== from, { timeout: 5000 })
          .catch(() => {});
      noHits(form);
      if (ok && !typed.length)
        notes.push(`${form}: NOT SAVED (every text field refused its payload)`);
      console.log(
        `  ${form}: ${ok ? `saved with ${typed.length} payloads` : "NOT SAVED"} (${Date.now() - t0} ms)${plainFields.length ? `; plain: ${plainFields.join(", ")}` : ""}`,
      );
      if (ok && typed.length)
        saved.push({
          form,
          spec,
          texts: typed.map((t) => t.text),
          detail: bypass.url(),
        });
    }
    console.log(
      `  hostile input: ${saved.length}/${FORMS.length} forms saved with payloads (${Math.round((Date.now() - started) / 1000)} s)`,
    );
    for (const n of notes) console.log(`  note: ${n}`);
    // Every form saves with payloads; a form that stops saving fails here.
    assert(
      only || saved.length === FORMS.length,
      `forms saved ${saved.length}/${FORMS.length}; not: ${FORMS.filter((f) => !saved.some((s) => s.spec === f)).map((f) => f.button)}`,
    );
  });

  /**
   * Opens `url` (and its `tab`), waits until one of `texts` shows (using the
   * page's search box if the row is past the first page) and returns the
   * page's visible text.
   */
  async function visit(p, url, texts, tab) {
    await go(p, url);
    if (tab) await p.locator(`#tab-${tab}`).click();
    if (texts) {
      let any = p.getByText(texts[0]);
      for (const t of texts.slice(1)) any = any.or(p.getByText(t));
      const shows = (timeout) =>
        any
          .first()
          .waitFor({ timeout })
          .then(() => true)
          .catch(() => false);
      if (!(await shows(5000))) {
        const box = p
          .locator(
            'input[data-testid$="-search"], [data-testid$="-search"] input',
          )
          .first();
        if (await box.count()) {
          await box.fill(texts[0]);
          await box.press("Enter");
          await shows(3000);
        }
      }
    } else await p.waitForLoadState("networkidle").catch(() => {});
    const js = await p
      .locator('a[href^="javascript:" i], [src^="javascript:" i]')
      .count();
    assert(js === 0, `javascript: URL rendered at ${url}`);
    return p.locator("body").innerText();
  }

  /** Every page showing a saved record, then the public pages, in `p`. */
  async function visitAll(p, name) {
    const missing = [];
    for (const s of saved) {
      const pages = [];
      const detail = new URL(s.detail);
      if (detail.pathname !== s.spec.list) pages.push(s.detail);
      // The record is a row of its list (not of a detail page's table).
      if (!s.spec.firstRow && !s.spec.after && s.spec.inList !== false)
        pages.push(s.spec.list);
      for (const url of pages) {
        const text = await visit(p, url, s.texts, s.spec.tab);
        noHits(`${s.form} at ${url}`);
        const shown = s.texts.filter((t) => text.includes(t));
        if (!shown.length) missing.push(`${s.form} at ${url}`);
        if (name === "csp")
          console.log(
            `  ${s.form}: ${shown.length}/${s.texts.length} texts shown as typed at ${url.replace(BASE, "")}`,
          );
      }
    }
    for (const url of PUBLIC_PAGES) {
      await visit(p, url);
      noHits(url);
    }
    noHits(name);
    assert(
      missing.length === 0,
      `text not shown as typed: ${missing.join(", ")}`,
    );
  }

  // Both contexts at once (each its own renderer): the same pages, once with
  // the CSP bypassed (an injection would run) and once with it (it would report).
  await step(strict, "hostile-pages-show-text-as-typed", () =>
    Promise.all([visitAll(bypass, "bypass-csp"), visitAll(strict, "csp")]),
  );
  console.log(
    `  hostile input: ${Math.round((Date.now() - started) / 1000)} s in all`,
  );

  await bypass.context().close();
  await strict.context().close();
}
