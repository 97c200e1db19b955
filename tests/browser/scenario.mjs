// The browser scenario of issue 23, in Debian's headless Chromium: find the
// nearest outlet from a fixed position with no network beyond this server,
// open its page, file a complaint and open its status page; sign in as an
// operator and as the outlet's staff, accept and reply; the status page then
// shows the reply. Every page is checked with axe-core (no serious or
// critical violation) and photographed at 360 and 1280 px; any request that
// leaves the server, and any Content-Security-Policy violation, fails.
// Usage: node scenario.mjs BASE_URL OPERATOR_KEY STAFF_KEY SCREENSHOT_DIR
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const [base, operatorKey, staffKey, shots] = process.argv.slice(2);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const failures = [];
const checked = [];

function check(ok, what) {
  if (!ok) failures.push(what);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/** A tab whose every request must stay on this server ("network unplugged"). */
async function tab(width) {
  const context = await browser.newContext({ viewport: { width, height: width < 500 ? 780 : 900 }, locale: 'zh-CN', geolocation: { latitude: 37.1888, longitude: 112.1696 }, permissions: ['geolocation'] });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.host === new URL(base).host) return route.continue();
    failures.push(`request left the server: ${url}`);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (m) => { if (/Content Security Policy|Refused to/.test(m.text())) failures.push(`CSP: ${m.text()}`); });
  page.on('pageerror', (e) => failures.push(`script error on ${page.url()}: ${e.message}`));
  return page;
}

/** axe-core on the page: no serious or critical violation. */
async function accessible(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')}`));
  check(result.length === 0, `${name}: accessibility (${result.join(' | ') || 'no serious or critical violation'})`);
}

/** Both widths' screenshots and the accessibility check of a path. */
async function review(path, name, ready) {
  for (const width of [360, 1280]) {
    const page = await tab(width);
    await page.goto(base + path);
    await ready(page);
    await page.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: true });
    if (width === 1280) await accessible(page, name);
    await page.context().close();
  }
  checked.push(name);
}

const position = '/?lat=37.1888&lng=112.1696&coord_sys=wgs84';

// The finder: nearest outlets listed and mapped with no tile source.
const finder = await tab(1280);
await finder.goto(base + position);
await finder.waitForSelector('#results li');
const first = await finder.textContent('#results li h3');
check(first.includes('平遥县知识产权服务工作站'), `finder: the nearest outlet is Pingyao's workstation (${first.trim()})`);
const markers = await finder.locator('#map svg circle').count();
check(markers >= 2, `finder: ${markers} markers on the plain map (outlets and the position)`);
// The chain comes from its own request, which may answer after the list's.
await finder.waitForSelector('#jurisdiction li', { timeout: 10000 }).catch(() => {});
check(await finder.locator('#jurisdiction li').count() >= 2, 'finder: the jurisdiction chain is shown');
const tiles = await finder.locator('#map svg image').count();
check(tiles === 0, 'finder: no tiles requested without a tile source');
await finder.click('#results li h3 a');
await finder.waitForSelector('#hours table');
await finder.waitForSelector('#matters article');
check((await finder.locator('#hours tbody tr').count()) === 14, 'outlet page: hours for 14 days');
const outletUrl = new URL(finder.url());
await finder.context().close();

await review(position, 'finder', (p) => p.waitForSelector('#results li'));
await review(outletUrl.pathname + outletUrl.search, 'outlet', (p) => p.waitForSelector('#matters article'));

// File a complaint (first without a subject: the error names the field).
const filing = await tab(360);
await filing.goto(base + '/file?region=140728');
await filing.selectOption('#f-kind', 'complaint');
await filing.selectOption('#f-category', 'trademark');
await filing.fill('#f-description', '平遥古城某商户销售假冒注册商标的牛肉制品。');
await filing.check('#f-anonymous');
await filing.click('button[type=submit]');
await filing.waitForSelector('#result .error');
check(await filing.getAttribute('#f-subject', 'aria-invalid') === 'true', 'file: a missing subject is marked on its field');
await filing.screenshot({ path: `${shots}/file-error-360.png`, fullPage: true });
await filing.fill('#f-subject', '商标侵权投诉：假冒牛肉商标');
await filing.click('button[type=submit]');
await filing.waitForSelector('#tracking-number');
const tracking = (await filing.textContent('#tracking-number')).trim();
check(/^\d{8}-\d{6}$/.test(tracking), `file: tracking number ${tracking}`);
await filing.screenshot({ path: `${shots}/file-receipt-360.png`, fullPage: true });
await filing.click('#status-link');
await filing.waitForSelector('#state');
const statusUrl = new URL(filing.url());
check((await filing.textContent('#handled-by')).includes('平遥'), 'status: handled by the Pingyao outlet');
await filing.context().close();
await review('/file', 'file', (p) => p.waitForSelector('#f-kind option', { state: 'attached' }));
await review(statusUrl.pathname + statusUrl.search, 'status', (p) => p.waitForSelector('#state'));

// The operator signs in and finds the ticket in the queue; opens it (its ETag will go stale).
const operator = await tab(1280);
await operator.goto(base + '/console');
await operator.fill('#key', operatorKey);
await operator.click('#signin button[type=submit]');
await operator.waitForSelector('#queue-table table');
const row = operator.locator('#queue-table tr', { hasText: tracking });
check(await row.count() === 1, 'console: the new complaint is in the operator queue');
await row.locator('a').click();
await operator.waitForSelector('#actions button');

// The outlet's staff accept and reply in their own tab.
const staff = await tab(1280);
await staff.goto(base + '/console');
await staff.fill('#key', staffKey);
await staff.click('#signin button[type=submit]');
await staff.waitForSelector('#queue-table table');
await staff.locator('#queue-table tr', { hasText: tracking }).locator('a').click();
await staff.click('[data-action=accept]');
await staff.click('#a-submit');
await staff.waitForFunction(() => document.querySelector('#ticket-state')?.textContent.includes('办理中'));
check(true, 'console: outlet staff accepted the ticket');
await staff.click('[data-action=reply]');
await staff.fill('#a-reply', '经核查，已责令商户下架涉嫌侵权商品并立案调查。');
await staff.click('#a-submit');
await staff.waitForFunction(() => document.querySelector('#ticket-state')?.textContent.includes('已答复'));
check(true, 'console: outlet staff replied');
await staff.screenshot({ path: `${shots}/console-ticket-1280.png`, fullPage: true });
await accessible(staff, 'console ticket');
await staff.context().close();

// The operator's page is now stale: an action is refused and explained, not a crash.
await operator.click('[data-action=classify]');
await operator.click('#a-submit');
await operator.waitForSelector('.notice[role=status]');
check((await operator.textContent('.notice[role=status]')).includes('更新'), 'console: a stale ETag is explained and the ticket reloaded');
await operator.context().close();

await review('/console', 'console-sign-in', (p) => p.waitForSelector('#key'));
for (const [name, hash, ready] of [['console-queue', '#queue', '#queue-table table'], ['console-stats', '#stats', '.chart svg']]) {
  for (const width of [360, 1280]) {
    const page = await tab(width);
    await page.goto(base + '/console');
    await page.fill('#key', operatorKey);
    await page.click('#signin button[type=submit]');
    await page.evaluate((h) => { location.hash = h; }, hash);
    await page.waitForSelector(ready);
    await page.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: true });
    if (width === 1280) await accessible(page, name);
    await page.context().close();
  }
  checked.push(name);
}

// The citizen's status page shows the reply.
const citizen = await tab(360);
await citizen.goto(base + statusUrl.pathname + statusUrl.search);
await citizen.waitForSelector('#reply');
check((await citizen.textContent('#reply')).includes('责令商户下架'), 'status: the citizen reads the reply');
check((await citizen.textContent('#state')).includes('已答复'), 'status: state replied');
await citizen.screenshot({ path: `${shots}/status-replied-360.png`, fullPage: true });
await citizen.context().close();

// English by the switch.
const english = await tab(1280);
await english.goto(base + position + '&lang=en');
await english.waitForSelector('#results li');
check((await english.textContent('h1')).includes('Find IP service outlets'), 'finder: English with ?lang=en');
await english.context().close();

await browser.close();
console.log(`pages checked: ${checked.join(', ')}; screenshots in ${shots}`);
if (failures.length) {
  console.error(`${failures.length} failure(s):\n` + failures.join('\n'));
  process.exit(1);
}
