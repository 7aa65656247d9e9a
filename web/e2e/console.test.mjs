// The console end to end: a real exchange with the demo market, Debian's Chromium, the real API.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { accessibilityViolations, newPage, screenshot, startBrowser, startExchange } from './harness.mjs';

let exchange;
let browser;

before(async () => {
  exchange = await startExchange();
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  await exchange?.stop();
});

// A valid unified social credit code (GB 32100 check character) that no demo organisation has.
function freshUscc() {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let body = '91440300';
  for (let i = 0; i < 9; ++i) body += alphabet[Math.floor(Math.random() * 10)];
  const sum = [...body].reduce((n, c, i) => n + alphabet.indexOf(c) * weights[i], 0);
  return body + alphabet[(31 - (sum % 31)) % 31];
}

async function signInWithToken(page, token) {
  await page.goto('/#/sign-in');
  await page.locator('input[name="token"]').fill(token);
  await page.locator('form button[type="submit"]').click();
  await page.locator('[data-signed-in]').waitFor();
}

test('the front page shows the market as charts, in Chinese by default, accessibly', async () => {
  const page = await newPage(browser, exchange.url);
  const stats = await (await fetch(`${exchange.url}/v1/stats`)).json();
  await page.goto('/');
  await page.locator('[data-figure="trades"]').waitFor();
  assert.equal(await page.locator('h1').textContent(), '市场概览');
  const trades = (await page.locator('[data-figure="trades"]').textContent()).replace(/\D/g, '');
  assert.equal(Number(trades), stats.trades.count);
  assert.ok(stats.trades.count > 300, 'the demo market has its trades');
  for (const [id, least] of [['roles', 4], ['trades-by-sector', 2], ['trades-by-month', 1]]) {
    const bars = await page.locator(`[data-chart="${id}"] svg rect`).count();
    assert.ok(bars >= least, `chart ${id} draws ${bars} bars`);
  }
  const violations = await accessibilityViolations(page);
  assert.deepEqual(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), []);
  assert.deepEqual(page.problems, [], 'no script errors or CSP violations');
  await screenshot(page, 'front-page');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'front-page-phone');
  await page.context().close();
});

test('the language switch turns the console to English and is remembered', async () => {
  const page = await newPage(browser, exchange.url);
  await page.goto('/');
  await page.locator('button.lang').click();
  await page.locator('h1', { hasText: 'The market at a glance' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.reload();
  await page.locator('h1', { hasText: 'The market at a glance' }).waitFor();
  await page.locator('button.lang').click();
  await page.locator('h1', { hasText: '市场概览' }).waitFor();
  await page.context().close();
});

test('a buyer searches the catalogue, filters by sector and opens a product', async () => {
  const page = await newPage(browser, exchange.url);
  await page.goto('/#/products');
  await page.locator('[data-total]').waitFor();
  const all = Number((await page.locator('[data-total]').textContent()).replace(/\D/g, ''));
  assert.ok(all >= 20, `the demo lists products (${all})`);
  // Keyboard only: type in the search box and press Enter.
  await page.locator('input[name="q"]').fill('credit');
  await page.keyboard.press('Enter');
  await page.waitForURL(/q=credit/);
  await page.locator('[data-total]').waitFor();
  const credit = Number((await page.locator('[data-total]').textContent()).replace(/\D/g, ''));
  assert.ok(credit > 0 && credit < all, `a search narrows the catalogue (${credit} of ${all})`);
  await page.locator('input[name="q"]').fill('');
  await page.locator('select[name="sector"]').selectOption({ index: 1 });
  await page.waitForURL(/sector=/);
  await page.locator('.card').first().waitFor();
  await screenshot(page, 'catalogue');
  assert.deepEqual((await accessibilityViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical'), []);
  const title = await page.locator('.card h2 a').first().textContent();
  await page.locator('.card h2 a').first().click();
  await page.locator('#product-title', { hasText: title }).waitFor();
  assert.match(await page.locator('[data-price]').textContent(), /\d/);
  // A listed product shows the compliance assessment that let it list.
  assert.match(await page.locator('[data-assessments]').textContent(), /pass|conditional/);
  await screenshot(page, 'product');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the log explorer verifies the checkpoint and a proof of inclusion in the browser', async () => {
  const page = await newPage(browser, exchange.url);
  await page.goto('/#/log');
  await page.locator('[data-checkpoint="verified"]').waitFor({ timeout: 10_000 }).catch(async (e) => {
    throw new Error(`${e.message}\n${await page.locator('main').innerText()}\n${page.problems}`);
  });
  const size = Number(await page.locator('[data-tree-size]').textContent());
  assert.ok(size > 100);
  await page.locator('input[name="index"]').fill(String(size - 7));
  await page.locator('form.inline button').click();
  await page.locator('[data-proof="verified"]').waitFor();
  await screenshot(page, 'log');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a certificate verifies in the browser: signature and status list', async () => {
  const merchant = exchange.accounts.find((a) => a.roles.includes('data_merchant') &&
                                                 a.status === 'approved');
  assert.ok(merchant, 'the demo has an approved data merchant');
  const page = await newPage(browser, exchange.url);
  await signInWithToken(page, merchant.token);
  await page.goto('/#/certificates');
  const row = page.locator('[data-certificate]').first();
  await row.waitFor();
  await row.locator('button').click();
  await row.locator('[data-verdict="valid"]').waitFor();
  await screenshot(page, 'certificates');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the operator approves an admission in the console', async () => {
  const apply = await fetch(`${exchange.url}/v1/organizations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      name: '端到端测试买方', uscc: freshUscc(), legal_form: 'enterprise_legal_person',
      roles: ['buyer'], contact: { name: 'Wu', email: 'wu@example.cn' },
    }),
  });
  assert.equal(apply.status, 201, await apply.clone().text());
  const applied = await apply.json();
  const page = await newPage(browser, exchange.url);
  await signInWithToken(page, exchange.operatorToken);
  await page.goto('/#/admissions');
  const row = page.locator(`[data-org="${applied.id}"]`);
  await row.waitFor();
  await screenshot(page, 'admissions');
  await row.locator('button').first().click();
  await row.waitFor({ state: 'detached' });
  const org = await (await fetch(`${exchange.url}/v1/organizations/${applied.id}`, {
    headers: { Authorization: `Bearer ${exchange.operatorToken}` },
  })).json();
  assert.equal(org.status, 'approved');
  await page.context().close();
});

test('the regulator reads everything and cannot write, even by hand', async () => {
  const token = exchange.regulatorToken;
  const page = await newPage(browser, exchange.url);
  await signInWithToken(page, token);
  await page.goto('/#/admissions');
  await page.locator('[data-read-only]').waitFor();
  assert.equal(await page.locator('table.list button').count(), 0);
  await page.goto('/#/cross-border');
  await page.locator('[data-row]').first().waitFor();
  await screenshot(page, 'cross-border');
  // A write from the regulator's own session, with its CSRF token, is still refused.
  const status = await page.evaluate(async () => {
    const me = await (await fetch('/v1/sessions/current')).json();
    const r = await fetch('/v1/deposits', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
      body: JSON.stringify({ organization_id: me.organization_id, amount: 1, currency: 'CNY',
                             bank_reference: 'X' }),
    });
    return r.status;
  });
  assert.equal(status, 403);
  await page.context().close();
});

test('a buyer finds a product, declares, contracts, pays, downloads and accepts', async () => {
  const buyer = exchange.accounts.find((a) => a.roles === 'buyer' && a.status === 'approved');
  const list = await (await fetch(
      `${exchange.url}/v1/products?delivery_mode=file&sort=price_asc&limit=10`)).json();
  const product = list.items.find((p) => p.dataset && p.description.price.model === 'one_off') ??
                  list.items[0];
  // The operator records the buyer's bank transfer first: a deposit.
  const deposit = await fetch(`${exchange.url}/v1/deposits`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${exchange.operatorToken}`,
               'Idempotency-Key': `e2e-${buyer.id}` },
    body: JSON.stringify({ organization_id: buyer.id, amount: 100_000_000, currency: 'CNY',
                           bank_reference: 'E2E-0001' }),
  });
  assert.equal(deposit.status, 201, await deposit.clone().text());
  const page = await newPage(browser, exchange.url);
  await signInWithToken(page, buyer.token);
  await page.goto('/#/products');
  await page.locator('input[name="q"]').fill(product.description.title);
  await page.keyboard.press('Enter');
  await page.locator('.card h2 a', { hasText: product.description.title }).first().click();
  await page.locator('form.buy').waitFor();
  await page.locator('form.buy input[name="purpose"]').fill('credit scoring for SME loans');
  await screenshot(page, 'declaration');
  assert.deepEqual((await accessibilityViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical'), []);
  await page.locator('form.buy button[name="buy"]').click();
  await page.waitForFunction(() => location.hash.startsWith('#/contracts/ctr_'), null,
                             { timeout: 15_000 }).catch(async (e) => {
    throw new Error(`${e.message}\n${await page.locator('main').innerText()}`);
  });
  const contractId = page.url().split('/contracts/')[1];
  await page.locator('[data-trade-status]', { hasText: 'escrowed' }).waitFor();
  // The payment sits in escrow; the agreement carries the declaration and the exchange's signature.
  assert.match(await page.locator('pre.agreement').textContent(), /credit scoring for SME loans/);
  await page.locator('button', { hasText: /验证交易所签名|Verify the exchange/ }).click();
  await page.locator('[data-agreement="valid"]').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'),
                                        page.locator('[data-download]').click()]);
  const saved = await download.path();
  const { statSync } = await import('node:fs');
  assert.equal(statSync(saved).size, product.dataset.bytes);
  await page.reload();
  await page.locator('[data-trade-status]', { hasText: 'delivered' }).waitFor();
  await page.locator('button', { hasText: /确认收货|Accept the delivery/ }).click();
  await page.locator('[data-trade-status]', { hasText: 'settled' }).waitFor();
  await screenshot(page, 'contract');
  assert.deepEqual((await accessibilityViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical'), []);
  const contract = await (await fetch(`${exchange.url}/v1/contracts/${contractId}`, {
    headers: { Authorization: `Bearer ${buyer.token}` },
  })).json();
  assert.equal(contract.trade_status, 'settled');
  assert.equal(contract.downloads, 1);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a seller uploads a dataset with progress and lists it through assessment', async () => {
  const seller = exchange.accounts.find((a) => a.roles === 'data_merchant,seller' && a.status === 'approved');
  const assessors = await (await fetch(
      `${exchange.url}/v1/organizations?role=service_provider&status=approved&limit=50`,
      { headers: { Authorization: `Bearer ${exchange.operatorToken}` } })).json();
  const assessorOrg = assessors.items.find((o) => o.service_types.includes('compliance_assessor'));
  const assessor = exchange.accounts.find((a) => a.id === assessorOrg.id);
  const title = `E2E 电力消费 ${Date.now()}`;

  const page = await newPage(browser, exchange.url);
  await signInWithToken(page, seller.token);
  await page.goto('/#/my-products');
  await page.locator('summary', { hasText: /登记新产品|Describe a new product/ }).click();
  const form = page.locator('form[name="new-product"]');
  await form.locator('[name="title"]').fill(title);
  await form.locator('[name="description"]').fill('Monthly kWh per enterprise, for credit scoring');
  await form.locator('[name="sector"]').selectOption('energy');
  await form.locator('[name="data_source"]').fill('Grid company');
  await form.locator('[name="acquisition_method"]').fill('Smart meters');
  await form.locator('[name="source_authorisation"]').fill('authorisation 2026-03');
  await form.locator('[name="fields"]').fill('uscc:text\nkwh:integer');
  await form.locator('[name="scenarios"]').fill('credit scoring');
  await form.locator('[name="price"]').fill('1200');
  await form.locator('button[type="submit"]').click();
  await page.waitForFunction(() => location.hash.startsWith('#/my-products/prd_'), null, { timeout: 15_000 })
      .catch(async (e) => { throw new Error(`${e.message}\n${await page.locator('main').innerText()}`); });
  const productId = await page.evaluate(() => location.hash.split('/').pop());
  // A 1.2 MB CSV: several chunks, so the progress bar moves.
  let csv = 'uscc,kwh\n';
  for (let i = 0; i < 60_000; ++i) csv += `91440300MA5FQ3H108,${1000 + i}\n`;
  await page.locator('input[name="dataset"]').setInputFiles(
      { name: 'kwh.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.locator('[data-scan-report]').waitFor();
  assert.equal(await page.locator('progress').getAttribute('data-progress'), '1.00');
  assert.equal((await page.locator('[data-rows]').textContent()).replace(/\D/g, ''), '60000');
  await screenshot(page, 'scan-report');
  await page.locator('button', { hasText: /提交|Submit/ }).click();
  await page.locator('[data-status]', { hasText: 'described' }).waitFor();
  await page.locator('input[name="assessor"]').fill(assessor.id);
  await page.locator('button', { hasText: /委托评估|Commission/ }).click();
  await page.locator('[data-status]', { hasText: 'in_assessment' }).waitFor();

  // The assessor reads the scan report beside the decision form and passes it.
  const assessorPage = await newPage(browser, exchange.url);
  await signInWithToken(assessorPage, assessor.token);
  await assessorPage.goto('/#/reviews');
  await assessorPage.locator(`[data-product="${productId}"] button`).click();
  await assessorPage.locator('[data-scan-report]').waitFor();
  await screenshot(assessorPage, 'assessment');
  await assessorPage.locator('form[name="assessment"] button[type="submit"]').click();
  await assessorPage.locator(`[data-product="${productId}"]`).waitFor({ state: 'detached' });
  await assessorPage.context().close();

  await page.reload();
  await page.locator('[data-status]', { hasText: 'assessed' }).waitFor();
  await page.locator('button', { hasText: /申请挂牌|Request listing/ }).click();
  await page.locator('[data-status]', { hasText: 'listing_review' }).waitFor();

  // The operator approves the listing; after the public notice (none here) it is in the catalogue.
  const operatorPage = await newPage(browser, exchange.url);
  await signInWithToken(operatorPage, exchange.operatorToken);
  await operatorPage.goto('/#/reviews');
  await operatorPage.locator(`[data-product="${productId}"] button`).click();
  await operatorPage.locator('button', { hasText: /批准|Approve/ }).click();
  await operatorPage.locator(`[data-product="${productId}"]`).waitFor({ state: 'detached' });
  await operatorPage.context().close();
  let status;
  for (let i = 0; i < 50 && status !== 'listed'; ++i) {
    await new Promise((r) => setTimeout(r, 200));
    status = (await (await fetch(`${exchange.url}/v1/products/${productId}`)).json()).status;
  }
  assert.equal(status, 'listed');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the operator watches the market, records a deposit and resolves a dispute', async () => {
  const page = await newPage(browser, exchange.url);
  await signInWithToken(page, exchange.operatorToken);
  await page.goto('/#/dashboard');
  await page.locator('[data-chart="dash-joined"] svg rect').first().waitFor();
  assert.ok(await page.locator('[data-chart="dash-source"] svg rect').count() > 3);
  await screenshot(page, 'dashboard');
  assert.deepEqual((await accessibilityViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical'), []);

  const buyer = exchange.accounts.filter((a) => a.roles === 'buyer' && a.status === 'approved')[3];
  const balance = async () => {
    const r = await (await fetch(`${exchange.url}/v1/organizations/${buyer.id}/accounts`, {
      headers: { Authorization: `Bearer ${exchange.operatorToken}` } })).json();
    return r.items.find((b) => b.kind === 'available' && b.currency === 'CNY')?.balance ?? 0;
  };
  const before = await balance();
  await page.goto('/#/money');
  const form = page.locator('form[name="deposits"]');
  await form.locator('[name="organization_id"]').fill(buyer.id);
  await form.locator('[name="amount"]').fill('1234.56');
  await form.locator('[name="bank_reference"]').fill('BOC-E2E-77');
  await form.locator('button[type="submit"]').click();
  // The message follows the answer to the POST (the balances table may show sooner, loaded when
  // the organisation was typed).
  await page.locator('[role="status"]', { hasText: buyer.id }).waitFor();
  await page.locator(`[data-balances="${buyer.id}"]`).waitFor();
  assert.equal(await balance(), before + 123456);

  await page.goto('/#/disputes');
  const row = page.locator('[data-dispute]').first();
  await row.waitFor();
  const id = await row.getAttribute('data-dispute');
  await screenshot(page, 'disputes');
  await row.locator('button').nth(1).click();
  await page.locator(`[data-dispute="${id}"]`).waitFor({ state: 'detached' });
  const c = await (await fetch(`${exchange.url}/v1/contracts/${id}`, {
    headers: { Authorization: `Bearer ${exchange.operatorToken}` } })).json();
  assert.equal(c.trade_status, 'refunded');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a visitor applies for admission and is signed in to follow it', async () => {
  const page = await newPage(browser, exchange.url, { locale: 'en-GB' });
  await page.goto('/#/apply');
  await page.locator('h1', { hasText: 'Apply for admission' }).waitFor();
  const form = page.locator('form[name="apply"]');
  await form.locator('[name="name"]').fill('深圳市端到端数据有限公司');
  await form.locator('[name="contact_name"]').fill('Li Lei');
  await form.locator('[name="contact_email"]').fill('li@example.cn');
  // A USCC whose check character is wrong is refused, naming the field; nothing is created.
  await form.locator('[name="uscc"]').fill('91440300MA5FQ3H10X');
  await form.locator('button[type="submit"]').click();
  await page.locator('[role="alert"]', { hasText: '(uscc)' }).waitFor();
  page.problems.length = 0;  // The browser logs the expected 400 itself.
  await form.locator('[name="uscc"]').fill(freshUscc());
  await form.locator('button[type="submit"]').click();
  await page.locator('[data-status]', { hasText: 'under_review' }).waitFor();
  assert.match(await page.locator('[data-token]').textContent(), /^bsk_/);
  await page.locator('[data-signed-in]').waitFor();
  await page.goto('/#/');
  await page.locator('[data-signed-in]').waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('buyer and seller negotiate a price, offer and counter-offer, to a contract', async () => {
  const list = await (await fetch(`${exchange.url}/v1/products?sort=price_asc&limit=100`)).json();
  const byId = new Map(exchange.accounts.map((a) => [a.id, a]));
  const product = list.items.find((p) => p.description.price.model === 'one_off' && byId.has(p.seller_id));
  assert.ok(product, 'a one-off product from a demo seller');
  const seller = byId.get(product.seller_id);
  const buyer = exchange.accounts.filter((a) => a.roles === 'buyer' && a.status === 'approved')[5];
  await fetch(`${exchange.url}/v1/deposits`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${exchange.operatorToken}` },
    body: JSON.stringify({ organization_id: buyer.id, amount: 10 * product.description.price.amount,
                           currency: 'CNY', bank_reference: 'E2E-NEG' }),
  });
  const list_yuan = product.description.price.amount / 100;
  const buyerPage = await newPage(browser, exchange.url);
  await signInWithToken(buyerPage, buyer.token);
  await buyerPage.goto(`/#/products/${product.id}`);
  await buyerPage.locator('form.buy input[name="purpose"]').fill('market research');
  await buyerPage.locator('form.buy input[name="proposed"]').fill(String(list_yuan * 0.8));
  await buyerPage.locator('form.buy button[name="propose"]').click();
  await buyerPage.locator('[data-state]', { hasText: 'requested' }).waitFor();
  const negotiation = await buyerPage.evaluate(() => location.hash.split('/').pop());

  const sellerPage = await newPage(browser, exchange.url);
  await signInWithToken(sellerPage, seller.token);
  await sellerPage.goto(`/#/negotiations/${negotiation}`);
  await sellerPage.locator('input[name="counter"]').fill(String(list_yuan * 0.9));
  await sellerPage.locator('[data-move="offer"]').click();
  await sellerPage.locator('[data-state]', { hasText: 'offered' }).waitFor();

  await buyerPage.reload();
  await buyerPage.locator('[data-move="accept"]').click();
  await buyerPage.locator('[data-state]', { hasText: 'accepted' }).waitFor();
  await sellerPage.reload();
  await sellerPage.locator('[data-move="agree"]').click();
  await sellerPage.locator('[data-state]', { hasText: 'agreed' }).waitFor();
  await buyerPage.reload();
  await buyerPage.locator('[data-move="verify"]').click();
  await buyerPage.locator('[data-state]', { hasText: 'verified' }).waitFor();
  await screenshot(buyerPage, 'negotiation');
  await sellerPage.reload();
  await sellerPage.locator('[data-move="finalize"]').click();
  await sellerPage.waitForFunction(() => location.hash.startsWith('#/contracts/ctr_'));
  const contractId = await sellerPage.evaluate(() => location.hash.split('/').pop());
  const c = await (await fetch(`${exchange.url}/v1/contracts/${contractId}`, {
    headers: { Authorization: `Bearer ${buyer.token}` } })).json();
  assert.equal(c.total.amount, Math.round(product.description.price.amount * 0.9));
  assert.equal(c.trade_status, 'escrowed');
  // Once finalized, no side has a move left.
  await buyerPage.reload();
  await buyerPage.locator('[data-state]', { hasText: 'finalized' }).waitFor();
  assert.equal(await buyerPage.locator('[data-move]').count(), 0);
  assert.deepEqual(buyerPage.problems, []);
  assert.deepEqual(sellerPage.problems, []);
  await buyerPage.context().close();
  await sellerPage.context().close();
});

test('an organisation sets its console password and signs in with it; the operator suspends it', async () => {
  const org = exchange.accounts.filter((a) => a.roles === 'buyer' && a.status === 'approved')[7];
  const page = await newPage(browser, exchange.url);
  await signInWithToken(page, org.token);
  await page.goto('/#/settings');
  const form = page.locator('form[name="password"]');
  await form.locator('[name="password"]').fill('correct horse battery');
  await form.locator('[name="again"]').fill('correct horse battery');
  await form.locator('button[type="submit"]').click();
  await form.locator('[role="status"]').waitFor();
  await page.locator('button', { hasText: /退出|Sign out/ }).click();
  await page.locator('a[href="#/sign-in"]').waitFor();
  await page.goto('/#/sign-in');
  await page.locator('[role="tab"]').nth(1).click();
  await page.locator('input[name="organization"]').fill(org.id);
  await page.locator('input[name="password"]').fill('wrong password!!');
  await page.locator('form button[type="submit"]').click();
  await page.locator('[role="alert"]').waitFor();
  await page.locator('input[name="password"]').fill('correct horse battery');
  await page.locator('form button[type="submit"]').click();
  await page.locator(`[data-signed-in="${org.id}"]`).waitFor();

  const operator = await newPage(browser, exchange.url);
  await signInWithToken(operator, exchange.operatorToken);
  await operator.goto('/#/participants');
  await operator.locator('input[name="org"]').fill(org.id);
  await operator.keyboard.press('Enter');
  await operator.locator('[data-org-status]', { hasText: 'approved' }).waitFor();
  await operator.locator('button', { hasText: /暂停|Suspend/ }).click();
  await operator.locator('[data-org-status]', { hasText: 'suspended' }).waitFor();
  await operator.locator('button', { hasText: /恢复|Reinstate/ }).click();
  await operator.locator('[data-org-status]', { hasText: 'approved' }).waitFor();
  await operator.context().close();
  await page.context().close();
});

test('a seller answers a demand with an offer and the buyer accepts it into a negotiation', async () => {
  const auth = { headers: { Authorization: `Bearer ${exchange.operatorToken}` } };
  const demands = (await (await fetch(`${exchange.url}/v1/demands?limit=100`, auth)).json()).items;
  const byId = new Map(exchange.accounts.map((a) => [a.id, a]));
  const demand = demands.find((d) => d.status === 'open' && byId.has(d.buyer_id));
  const view = await (await fetch(`${exchange.url}/v1/demands/${demand.id}`, auth)).json();
  const match = view.matches.find((m) => byId.has(m.seller_id) && m.seller_id !== demand.buyer_id);
  assert.ok(match, 'the exchange matched a demo seller\'s product to the demand');
  const seller = byId.get(match.seller_id);
  const buyer = byId.get(demand.buyer_id);

  const sellerPage = await newPage(browser, exchange.url);
  await signInWithToken(sellerPage, seller.token);
  // The seller heard of the match by notification; the ranked matches are the buyer's to see.
  await sellerPage.goto(`/#/demands/${demand.id}`);
  const form = sellerPage.locator('form[name="offer"]');
  await form.waitFor();
  assert.equal(await sellerPage.locator('[data-match]').count(), 0);
  await form.locator('[name="product_id"]').fill(match.product_id);
  await form.locator('[name="amount"]').fill(String(Math.max(1, match.price / 100)));
  await form.locator('[name="message"]').fill('Ready to deliver this week');
  await form.locator('button[type="submit"]').click();
  await sellerPage.locator('[data-offer]').first().waitFor({ timeout: 10_000 }).catch(async (e) => {
    throw new Error(`${e.message}\n${await sellerPage.locator('main').innerText()}`);
  });
  await sellerPage.context().close();

  const buyerPage = await newPage(browser, exchange.url);
  await signInWithToken(buyerPage, buyer.token);
  await buyerPage.goto(`/#/demands/${demand.id}`);
  const offer = buyerPage.locator('[data-offer]', { hasText: match.product_id });
  await offer.waitFor();
  assert.ok(await buyerPage.locator('[data-match]').count() > 0, 'the buyer sees the ranked matches');
  await screenshot(buyerPage, 'demand');
  await offer.locator('button').click();
  await buyerPage.waitForFunction(() => location.hash.startsWith('#/negotiations/'));
  await buyerPage.locator('[data-state]').waitFor();
  assert.deepEqual(buyerPage.problems, []);
  await buyerPage.context().close();
});

test('an exporter files cross-border evidence with its document; the operator approves it; the regulator reads it', async () => {
  const merchant = exchange.accounts.find((a) => a.roles.includes('data_merchant') && a.status === 'approved');
  const reference = `粤网信备 E2E-${Date.now()}`;
  const seller = await newPage(browser, exchange.url);
  await signInWithToken(seller, merchant.token);
  await seller.goto('/#/evidence');
  await seller.locator('[data-exporter-profile]').waitFor();
  const form = seller.locator('[data-evidence-form]');
  await form.locator('select[name="kind"]').selectOption('standard_contract_filing');
  await form.locator('input[name="reference"]').fill(reference);
  await form.locator('input[name="authority"]').fill('Guangdong Provincial Cyberspace Administration');
  await form.locator('input[name="destinations"]').fill('SG, CN-HK');
  await form.locator('input[name="sectors"][value="energy"]').check();
  const today = new Date();
  const iso = (d) => d.toISOString().slice(0, 10);
  await form.locator('input[name="valid_from"]').fill(iso(today));
  await form.locator('input[name="valid_until"]').fill(iso(new Date(today.getTime() + 400 * 86400e3)));
  await form.locator('input[name="document"]').setInputFiles({
    name: 'filing-receipt.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 receipt'),
  });
  await form.locator('button[type="submit"]').click();
  await form.locator('[role="status"]', { hasText: reference }).waitFor();
  const mine = seller.locator('[data-evidence-list] tr', { hasText: reference });
  await mine.waitFor();
  assert.equal(await mine.locator('[data-status]').getAttribute('data-status'), 'filed');
  await screenshot(seller, 'evidence-exporter');
  await seller.setViewportSize({ width: 390, height: 844 });
  await screenshot(seller, 'evidence-exporter-phone');
  await seller.context().close();

  const operator = await newPage(browser, exchange.url);
  await signInWithToken(operator, exchange.operatorToken);
  await operator.goto('/#/evidence');
  const row = operator.locator('[data-evidence-list] tr', { hasText: reference });
  await row.waitFor();
  // A decision needs a reason; then it is confirmed before it is sent.
  await row.locator('button', { hasText: '批准' }).click();
  await row.locator('[role="alert"]').waitFor();
  await row.locator('input').fill('已与网信部门备案系统核对');
  operator.once('dialog', (d) => d.accept());
  await row.locator('button', { hasText: '批准' }).click();
  await row.waitFor({ state: 'detached' });
  await screenshot(operator, 'evidence-review');
  const listed = await (await fetch(`${exchange.url}/v1/evidence?status=approved&limit=200`, {
    headers: { Authorization: `Bearer ${exchange.operatorToken}` },
  })).json();
  const approved = listed.items.find((e) => e.reference === reference);
  assert.ok(approved, 'approved through the console');
  assert.equal(approved.decision_reason, '已与网信部门备案系统核对');
  await operator.context().close();

  const regulator = await newPage(browser, exchange.url);
  await signInWithToken(regulator, exchange.regulatorToken);
  await regulator.goto('/#/evidence');
  await regulator.locator('[data-read-only]').waitFor();
  await regulator.locator('[data-evidence-list] tr', { hasText: '已批准' }).first().waitFor();
  assert.equal(await regulator.locator('[data-evidence-list] button').count(), 0);
  assert.equal(await regulator.locator('[data-evidence-form]').count(), 0);
  assert.deepEqual(regulator.problems, [], 'no script errors or CSP violations');
  await regulator.context().close();
});
