// The joint Party branch and an internship base, in the browser: the admin
// appoints a new staff account as officer of the demo branch; the officer opens
// the branch, adds a member (the ID number shows masked) and records a branch
// assembly with attendance; a staff member places an intern at a base and logs
// the intern's hours. Another staff account, not an officer, finds no branch.

export default async function partyInterns(ctx) {
  const { page, step, assert, byTestId, api } = ctx;
  const stamp = Date.now().toString(36);
  const pass = 'Party-Interns-Pass-2026';
  const officer = `e2e_pt_sec_${stamp}`;
  const staffUser = `e2e_pt_staff_${stamp}`;
  let branchId = 0;
  let officerId = 0;
  // A synthetic ID number with its GB 11643 check character (unique per run).
  const first17 = `44070319880101${String(Date.now() % 1000).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i], 0);
  const idNumber = first17 + '10X98765432'[sum % 11];
  const field = (p, id, tag = 'input') =>
    p.locator(`[data-testid="${id}"] ${tag}, ${tag}[data-testid="${id}"]`).first();
  const date = async (p, id, value) => {
    const input = field(p, id);
    await input.click();
    await input.fill(value);
    await input.press('Enter');
  };

  await step(page, 'party-setup', async () => {
    for (const username of [officer, staffUser]) {
      const u = await api('POST', '/api/v1/users', {
        username,
        display_name: `党建 ${username.includes('sec') ? '支部委员' : '工作人员'}`,
        role: 'staff',
        region_code: '440700000000',
        password: pass,
      });
      assert(u.status === 201, `${username}: ${u.status} ${JSON.stringify(u.json)}`);
      if (username === officer) officerId = u.json.id;
    }
    const branches = await api('GET', '/api/v1/party-branches');
    const b = branches.json.items.find((x) => x.name === '江门市妇女儿童类社会组织联合党支部');
    assert(b, 'the demo branch is visible to the admin');
    branchId = b.id;
    const r = await api('POST', `/api/v1/party-branches/${branchId}/officers`, {
      user_id: officerId,
    });
    assert(r.status === 200, `appoint: ${r.status}`);
  });

  const sec = await ctx.loginAs(officer, pass);
  await step(sec, 'party-officer-opens-branch', async () => {
    await byTestId(sec, 'menu-party').click();
    await sec.waitForURL(/\/party\/\d+$/);
    await byTestId(sec, 'party-branch-name').waitFor({ state: 'visible' });
    const first = await byTestId(sec, 'party-id-number').first().textContent();
    assert(/^4407\d{2}\*{8}\d{3}[\dX]$/.test(first.trim()), `masked id: ${first}`);
  });

  await step(sec, 'party-add-member', async () => {
    await byTestId(sec, 'party-member-new').click();
    await field(sec, 'party-member-name').fill('E2E 党员');
    await field(sec, 'party-member-id').fill(idNumber);
    await field(sec, 'party-member-phone').fill('13800138000');
    await date(sec, 'party-member-in', '2026-11-01');
    await byTestId(sec, 'party-member-save').click();
    const row = byTestId(sec, 'party-members').locator('tr', {
      hasText: 'E2E 党员',
    });
    await row.waitFor({ state: 'visible' });
    const text = await row.textContent();
    assert(text.includes(`${idNumber.slice(0, 6)}********${idNumber.slice(14)}`), `row: ${text}`);
    assert(!text.includes(idNumber), 'the ID number is not shown in clear');
  });

  await step(sec, 'party-record-activity', async () => {
    await sec.locator('.el-tabs__item', { hasText: '三会一课' }).click();
    await byTestId(sec, 'party-activity-new').click();
    await date(sec, 'party-activity-date', '2026-11-20');
    await field(sec, 'party-activity-topic').fill(`E2E 支部党员大会 ${stamp}`);
    // The roll lists every current member, present unless marked otherwise.
    await byTestId(sec, 'party-roll').getByText('E2E 党员').first().waitFor();
    await byTestId(sec, 'party-activity-save').click();
    const row = byTestId(sec, 'party-activities').locator('tr', { hasText: stamp });
    await row.waitFor({ state: 'visible' });
    const acts = await api('GET', `/api/v1/party-branches/${branchId}/activities?size=200`);
    const a = acts.json.items.find((x) => x.topic.includes(stamp));
    const members = await api('GET', `/api/v1/party-branches/${branchId}/members`);
    const current = members.json.items.filter((m) => m.current).length;
    assert(a && a.present === current, `attendance: ${JSON.stringify(a)} of ${current}`);
    const mine = members.json.items.find((m) => m.name === 'E2E 党员');
    assert(mine.activities_attended === 1, `participation: ${JSON.stringify(mine)}`);
  });

  const staff = await ctx.loginAs(staffUser, pass);
  await step(staff, 'party-hidden-from-non-officers', async () => {
    const menu = await byTestId(staff, 'menu-party').count();
    assert(menu === 0, 'no Party entry for a non-officer');
    const res = await staff.request.get(`${ctx.BASE}/api/v1/party-branches/${branchId}`);
    assert(res.status() === 404, `non-officer: ${res.status()}`);
  });

  await step(staff, 'interns-add-and-log-hours', async () => {
    await byTestId(staff, 'menu-interns').click();
    await byTestId(staff, 'ibases').locator('a', { hasText: '五邑大学' }).first().click();
    await staff.waitForURL(/\/internship-bases\/\d+$/);
    await byTestId(staff, 'intern-new').click();
    await field(staff, 'intern-name').fill(`E2E 实习生 ${stamp}`);
    await field(staff, 'intern-phone').fill('13702700000');
    await date(staff, 'intern-start', '2026-11-02');
    await date(staff, 'intern-end', '2026-12-31');
    await byTestId(staff, 'intern-save').click();
    const row = byTestId(staff, 'interns').locator('tr', { hasText: stamp });
    await row.waitFor({ state: 'visible' });
    assert((await row.textContent()).includes('137****0000'), 'phone masked');
    await row.locator('[data-testid="intern-hours-open"]').click();
    await date(staff, 'hours-date', '2026-11-03');
    await field(staff, 'hours-hours').fill('6');
    await field(staff, 'hours-activity').fill('协助亲子活动');
    await byTestId(staff, 'hours-save').click();
    await byTestId(staff, 'hours').getByText('协助亲子活动').waitFor({ state: 'visible' });
    await staff.keyboard.press('Escape');
    await row.locator('[data-testid="intern-hours"]', { hasText: '6' }).waitFor();
  });
}
