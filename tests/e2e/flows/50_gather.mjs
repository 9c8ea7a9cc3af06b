// Meetings and trainings: staff schedule a joint meeting inviting two organizations, mark
// attendance, add a resolution and close it; a training with one seat gets two enrolments
// from two organization accounts, the second is waitlisted, and cancelling the first
// promotes it (seen in the page).
export default async function gather(ctx) {
  const { page, step, assert, byTestId, BASE, api } = ctx;
  const stamp = Date.now().toString(36);
  const orgs = [];
  const users = [];
  const orgPages = [];

  /** The API with another signed-in page's session. */
  async function apiAs(p, method, apiPath, body) {
    const me = await p.request.get(`${BASE}/api/v1/auth/me`);
    const csrf = (await me.json()).csrf_token;
    const res = await p.request.fetch(`${BASE}${apiPath}`, {
      method,
      data: body,
      headers: { "X-CSRF-Token": csrf || "", Origin: BASE },
    });
    return { status: res.status(), json: await res.json().catch(() => null) };
  }

  await step(page, "gather-setup", async () => {
    // The pages of this flow are checked in Chinese (the core flow left English on).
    await byTestId(page, "lang-zh-CN").click();
    for (const n of ["甲", "乙"]) {
      const o = await api("POST", "/api/v1/orgs", {
        name: `江门市测试巾帼志愿队${n}${stamp}`,
        kind: "volunteer_team",
        region_code: "440705000000",
      });
      assert(
        o.status === 201,
        `org created: ${o.status} ${JSON.stringify(o.json)}`,
      );
      orgs.push(o.json);
      const username = `e2e_org_${n === "甲" ? "a" : "b"}_${stamp}`;
      const u = await api("POST", "/api/v1/users", {
        username,
        display_name: `${o.json.name} 联络员`,
        role: "org",
        region_code: "440705000000",
        org_id: o.json.id,
        password: "E2e-Org-Pass-2026",
      });
      assert(
        u.status === 201,
        `org user created: ${u.status} ${JSON.stringify(u.json)}`,
      );
      users.push(username);
    }
  });

  let meeting;
  await step(page, "meeting-schedule", async () => {
    const m = await api("POST", "/api/v1/meetings", {
      kind: "joint",
      title: `E2E 社团联席会议 ${stamp}`,
      region_code: "440705000000",
      starts_at: "2026-12-20T02:00:00Z",
      ends_at: "2026-12-20T04:00:00Z",
      place: "新会区妇联三楼会议室",
      agenda: "一、工作通报;二、项目交流",
    });
    assert(m.status === 201, `meeting created: ${m.status}`);
    const inv = await api("POST", `/api/v1/meetings/${m.json.id}/invitations`, {
      org_ids: orgs.map((o) => o.id),
    });
    assert(
      inv.status === 200 && inv.json.added === 2,
      `two invited: ${JSON.stringify(inv.json)}`,
    );
    meeting = m.json;
    await page.goto(`${BASE}/meetings`);
    await byTestId(page, `meeting-row-${meeting.id}`).click();
    await byTestId(page, "meeting-detail").waitFor({ state: "visible" });
    const code = await byTestId(page, "meeting-code").innerText();
    assert(
      code.trim() === meeting.checkin_code,
      `check-in code shown: ${code}`,
    );
  });

  await step(page, "meeting-attendance", async () => {
    await byTestId(page, `mark-attended-${orgs[0].id}`).click();
    await page
      .locator(
        `[data-testid="invitation-${orgs[0].id}"][data-state="attended"]`,
      )
      .waitFor();
    await byTestId(page, `mark-absent-${orgs[1].id}`).click();
    await page
      .locator(`[data-testid="invitation-${orgs[1].id}"][data-state="absent"]`)
      .waitFor();
  });

  await step(page, "meeting-resolution", async () => {
    await byTestId(page, "resolution-content").fill(
      "各社团于月底前报送年度服务项目计划",
    );
    await byTestId(page, "resolution-add").click();
    const done = byTestId(page, "resolution-done").first();
    await done.waitFor({ state: "visible" });
    await done.click();
    await page.locator(".el-message-box__input input").fill("已全部报送");
    await page.locator(".el-message-box__btns .el-button--primary").click();
    await page
      .locator('[data-testid^="resolution-state-"][data-state="done"]')
      .waitFor();
  });

  let training;
  await step(page, "training-waitlist", async () => {
    const t = await api("POST", "/api/v1/trainings", {
      kind: "thematic",
      title: `E2E 主题培训:财务规范管理 ${stamp}`,
      topic: "票据管理与年度审计",
      region_code: "440705000000",
      starts_at: "2026-12-22T01:00:00Z",
      ends_at: "2026-12-22T04:00:00Z",
      place: "新会区妇女儿童活动中心",
      capacity: 1,
      hours: 3,
    });
    assert(
      t.status === 201,
      `training created: ${t.status} ${JSON.stringify(t.json)}`,
    );
    training = t.json;
    assert(
      (await api("POST", `/api/v1/trainings/${training.id}/open`, {}))
        .status === 200,
      "opened",
    );
    for (const [i, user] of users.entries()) {
      const p = await ctx.loginAs(user, "E2e-Org-Pass-2026");
      orgPages.push(p);
      const e = await apiAs(
        p,
        "POST",
        `/api/v1/trainings/${training.id}/enrolments`,
        {
          name: i === 0 ? "陈雪梅" : "黄丽娟",
          position: "队长",
          phone: "13812345678",
        },
      );
      assert(
        e.status === 201,
        `enrolled: ${e.status} ${JSON.stringify(e.json)}`,
      );
      assert(
        e.json.state === (i === 0 ? "enrolled" : "waitlisted"),
        `enrolment ${i} is ${e.json.state}`,
      );
      assert(e.json.phone === "138****5678", `phone masked: ${e.json.phone}`);
    }
    await page.goto(`${BASE}/trainings/${training.id}`);
    await page
      .locator(
        `[data-testid="enrolment-state-${orgs[1].id}"][data-state="waitlisted"]`,
      )
      .waitFor();
  });

  await step(page, "training-promote", async () => {
    const list = await api(
      "GET",
      `/api/v1/trainings/${training.id}/enrolments`,
    );
    const first = list.json.items.find((e) => e.org_id === orgs[0].id);
    await byTestId(page, `enrolment-cancel-${first.id}`).click();
    await page
      .locator(
        `[data-testid="enrolment-state-${orgs[1].id}"][data-state="enrolled"]`,
      )
      .waitFor();
    await page
      .locator(
        `[data-testid="enrolment-state-${orgs[0].id}"][data-state="cancelled"]`,
      )
      .waitFor();
    // The second organization sees only its own enrolment, now enrolled.
    const own = await apiAs(
      orgPages[1],
      "GET",
      `/api/v1/trainings/${training.id}/enrolments`,
    );
    assert(
      own.json.items.length === 1 && own.json.items[0].state === "enrolled",
      "own only",
    );
  });

  await step(page, "training-quarters", async () => {
    await page.goto(`${BASE}/trainings`);
    await byTestId(page, "quarter-strip").waitFor({ state: "visible" });
    await byTestId(page, "quarter-4").waitFor({ state: "visible" });
  });

  await step(page, "gather-done", async () => {
    for (const p of orgPages) await p.context().close();
    await page.goto(`${BASE}/home`);
    await byTestId(page, "lang-en").click();
  });
}
