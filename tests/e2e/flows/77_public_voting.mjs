// Public voting (集票投票) on a phone: a voter opens an entry's share link on a
// 390×844 viewport, verifies a phone number with the one-time code (read from the
// development SMS sender, as an admin), votes, sees the success message and the
// share QR code; the page never scrolls sideways. Then staff enter a batch of
// paper ballots on the competition's voting page, see the demo's amendment (the
// voting period extended, with its reason) on the competition's page, and find
// its votes hidden on the city-wide figures page while voting runs.

export default async function publicVoting(ctx) {
  const { browser, page, step, assert, byTestId, api, BASE, TIMEOUT } = ctx;
  // Element Plus puts data-testid on the <input> of some widgets and on the wrapper of others.
  const inp = (p, id) => byTestId(p, id).locator('xpath=descendant-or-self::input').first();
  let comp = null;
  let phonePage = null;
  const phone = `139${String(Date.now() % 100000000).padStart(8, '0')}`;

  await step(page, 'voting-find-competition', async () => {
    const res = await api('GET', '/api/v1/public/competitions');
    assert(res.status === 200, `public competitions answer ${res.status}`);
    comp = res.json.items.find((c) => c.phase === 'voting');
    assert(comp, 'the demo has a competition in its voting phase');
  });

  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  });
  phonePage = await context.newPage();
  phonePage.setDefaultTimeout(TIMEOUT);
  phonePage.on('pageerror', (e) => console.log(`  [pageerror voter] ${e.message}`));

  await step(phonePage, 'voting-open-share-link', async () => {
    await phonePage.goto(`${BASE}/public/competitions/${comp.id}/entries/2`);
    await byTestId(phonePage, 'vote-title').waitFor({ state: 'visible' });
    const title = await byTestId(phonePage, 'vote-title').innerText();
    assert(title.includes(comp.name.slice(0, 6)), `title ${title}`);
    // The shared entry comes first.
    const first = phonePage.locator('[data-testid^="vote-entry-"]').first();
    assert((await first.getAttribute('data-testid')) === 'vote-entry-2', 'entry 2 first');
    const width = await phonePage.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 390, `no sideways scrolling (scrollWidth ${width})`);
  });

  await step(phonePage, 'voting-verify-phone', async () => {
    await inp(phonePage, 'vote-phone').fill('12345');
    await byTestId(phonePage, 'vote-send').click();
    await byTestId(phonePage, 'vote-message')
      .getByText('11 位手机号')
      .waitFor({ state: 'visible' });
    await inp(phonePage, 'vote-phone').fill(phone);
    await byTestId(phonePage, 'vote-send').click();
    await byTestId(phonePage, 'vote-message')
      .getByText('验证码已发送')
      .waitFor({ state: 'visible' });
    const sms = await api('GET', `/api/v1/dev/sms-codes?phone=${phone}`);
    assert(sms.status === 200 && /^\d{6}$/.test(sms.json.code), `dev sender code ${sms.status}`);
    await inp(phonePage, 'vote-code').fill(sms.json.code);
    await byTestId(phonePage, 'vote-verify-button').click();
    await byTestId(phonePage, 'vote-verified').waitFor({ state: 'visible' });
  });

  await step(phonePage, 'voting-vote', async () => {
    await byTestId(phonePage, 'vote-button-2').click();
    await byTestId(phonePage, 'vote-message').getByText('投票成功').waitFor({ state: 'visible' });
    assert(await byTestId(phonePage, 'vote-button-2').isDisabled(), 'voted entry is disabled');
    await byTestId(phonePage, 'vote-verified').getByText('1 / 3').waitFor({ state: 'visible' });
  });

  await step(phonePage, 'voting-share-qr', async () => {
    await byTestId(phonePage, 'vote-share-2').click();
    const dialog = byTestId(phonePage, 'vote-share-dialog');
    await dialog.locator('svg').waitFor({ state: 'visible' });
    const link = await inp(phonePage, 'vote-share-link').inputValue();
    assert(link.endsWith(`/public/competitions/${comp.id}/entries/2`), `share link ${link}`);
  });
  await context.close();

  await step(page, 'voting-paper-ballots', async () => {
    await page.goto(`${BASE}/competitions/${comp.id}/votes`);
    await byTestId(page, 'paper-form').waitFor({ state: 'visible' });
    const event = `E2E 社区集票 ${Date.now().toString(36)}`;
    await inp(page, 'paper-event').fill(event);
    await inp(page, 'paper-count-1').fill('12');
    await byTestId(page, 'paper-submit').click();
    await byTestId(page, 'paper-batches').getByText(event).waitFor({ state: 'visible' });
    await page.getByRole('tab', { name: /异常投票|Fraud/ }).click();
    await page
      .getByText(/同一网段|subnet/)
      .first()
      .waitFor({ state: 'visible' });
  });

  await step(page, 'voting-amendment-and-hidden-figures', async () => {
    await page.goto(`${BASE}/competitions/${comp.id}`);
    const item = byTestId(page, 'competition-amendment').first();
    await item.getByText('投票期延长两天').waitFor({ state: 'visible' });
    assert(
      /投票截止|Voting closes/.test(await item.innerText()),
      'the amendment names the voting close',
    );
    await page.goto(`${BASE}/competitions/figures`);
    const votes = byTestId(page, `citywide-votes-${comp.id}`);
    await votes.waitFor({ state: 'visible' });
    const text = (await votes.innerText()).trim();
    assert(!/\d/.test(text), `no vote figure while counts are hidden: ${text}`);
  });
}
