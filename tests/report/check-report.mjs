// Opens a headroom report in headless Chromium (Debian's) and checks what a
// reader gets: no console errors, no network requests, the memory bar's
// segments sized from the figures, the copy buttons working, dark mode and
// print styles applied. Writes a screenshot.
//   node check-report.mjs REPORT.html SCREENSHOT.png EXPECT.json
// (check-narrow.mjs checks the page at 412 px.)
// EXPECT.json: {"total": bytes, "used": bytes, "cache": bytes, "free": bytes, "host": bytes}
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const [, , html, png, expectFile] = process.argv;
const expect = JSON.parse(readFileSync(expectFile, 'utf8'));
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const context = await browser.newContext({ viewport: { width: 1000, height: 1200 } });
const page = await context.newPage();
const errors = [];
const requests = [];
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
page.on('pageerror', (e) => errors.push(String(e)));
page.on('request', (r) => { if (!r.url().startsWith('file://')) requests.push(r.url()); });
await page.goto('file://' + html, { waitUntil: 'load' });

const bars = await page.$$eval('#memory-bar rect', (rs) => rs.map((r) => ({
  cls: r.getAttribute('class'), width: Number(r.getAttribute('width')),
  bytes: Number(r.getAttribute('data-bytes')), shown: r.getBoundingClientRect().width,
})));
const svgShown = await page.$eval('#memory-bar', (s) => s.getBoundingClientRect().width);
check(bars.length === 3, `3 bar segments, got ${bars.length}`);
for (const b of bars) {
  const want = expect[b.cls];
  check(b.bytes === want, `${b.cls}: data-bytes ${b.bytes}, fixture ${want}`);
  const w = Math.round(want * 800 / expect.total * 10) / 10;
  // the free segment takes the rest of the bar after rounding the other two
  const tolerance = b.cls === 'free' ? 0.25 : 0.05;
  check(Math.abs(b.width - w) <= tolerance, `${b.cls}: width ${b.width}, expected ${w}`);
  check(Math.abs(b.shown - b.width * svgShown / 800) <= 1, `${b.cls}: drawn ${b.shown}px`);
}
const marker = await page.$eval('#memory-bar line', (l) => Number(l.getAttribute('x1')));
check(Math.abs(marker - expect.host * 800 / expect.total) <= 0.1, `host marker at ${marker}`);
const alt = await page.$eval('#memory-bar desc', (d) => d.textContent);
check(/reclaimable cache/.test(alt) && /free/.test(alt), 'the chart has a text alternative');

// the models: one segment each, sized from fit's figures against the room
if (expect.models) {
  const segs = await page.$$eval('#fit-bar rect.model', (rs) => rs.map((r) => ({
    width: Number(r.getAttribute('width')), bytes: Number(r.getAttribute('data-bytes')),
    cls: r.getAttribute('class') })));
  check(segs.length === expect.models.length, `${segs.length} model segments`);
  const total = expect.models.reduce((a, b) => a + b, 0);
  const scale = Math.max(total, expect.room);
  let used = 0;
  segs.forEach((s, i) => {
    used += expect.models[i];
    check(s.bytes === expect.models[i], `model ${i}: ${s.bytes} bytes, fit says ${expect.models[i]}`);
    const w = Math.round(expect.models[i] * 800 / scale * 10) / 10;
    check(Math.abs(s.width - w) <= 0.05, `model ${i}: width ${s.width}, expected ${w}`);
    const want = used > expect.room ? 'fit-red' : used * 10 <= expect.room * 9 ? 'fit-green' : 'fit-amber';
    check(s.cls.includes(want), `model ${i}: ${s.cls}, expected ${want}`);
  });
}

// the whole laptop: six stacked segments from budget's lines and the guest's
// figures, each starting where the sum before it ends; the .wslconfig's
// memory limit marked after Windows, browsers and WSL's overhead
if (expect.hostbar) {
  const hb = expect.hostbar;
  const segs = await page.$$eval('#host-bar rect:not(.model):not(.room)', (rs) => rs.map((r) => ({
    cls: r.getAttribute('class').split(' ')[0], x: Number(r.getAttribute('x')),
    width: Number(r.getAttribute('width')), bytes: Number(r.getAttribute('data-bytes')) })));
  const parts = { win: hb.win, browser: hb.browser, overhead: hb.overhead, used: expect.used,
                  cache: expect.cache };
  const sum = Object.values(parts).reduce((a, b) => a + b, 0);
  parts.free = Math.max(hb.host - sum, 0);
  const scale = Math.max(sum, hb.host);
  const order = ['win', 'browser', 'overhead', 'used', 'cache', 'free'];
  check(segs.map((s) => s.cls).join() === order.join(), `host bar order: ${segs.map((s) => s.cls)}`);
  let at = 0;
  segs.forEach((s) => {
    check(s.bytes === parts[s.cls], `host ${s.cls}: ${s.bytes} bytes, expected ${parts[s.cls]}`);
    check(Math.abs(s.x - at * 800 / scale) <= 0.1, `host ${s.cls}: x ${s.x}, expected ${at * 800 / scale}`);
    at += parts[s.cls] || 0;
    check(Math.abs(s.x + s.width - at * 800 / scale) <= 0.15, `host ${s.cls}: ends at ${s.x + s.width}`);
  });
  const lim = await page.$eval('#host-bar line.limit', (l) => Number(l.getAttribute('x1')));
  const limWant = (hb.win + hb.browser + hb.overhead + hb.limit) * 800 / scale;
  check(Math.abs(lim - limWant) <= 0.1, `limit marker at ${lim}, expected ${limWant}`);
  if (expect.models) {
    const ms = await page.$$eval('#host-bar rect.model', (rs) => rs.map((r) =>
      ({ x: Number(r.getAttribute('x')), bytes: Number(r.getAttribute('data-bytes')) })));
    check(ms.length === expect.models.length, `host bar: ${ms.length} models`);
    const start = (hb.win + hb.browser + hb.overhead + expect.used) * 800 / scale;
    check(ms.length && Math.abs(ms[0].x - start) <= 0.1, `models start at ${ms[0] && ms[0].x}, expected ${start}`);
  }
  const hdesc = await page.$eval('#host-bar desc', (d) => d.textContent);
  check(/Windows/.test(hdesc) && /browsers/.test(hdesc), 'the host bar has a text alternative');
}

// the .wslconfig listing: every lint finding marks its line, tinted by severity
if (expect.lint) {
  for (const l of expect.lint) {
    const mark = await page.$(`#wslconfig-lines tr.mark[data-id="${l.id}"][data-line="${l.line}"]`);
    check(mark !== null, `no mark for ${l.id} on line ${l.line}`);
    const cls = await page.$eval(`#wslconfig-lines tr[data-line="${l.line}"]:not(.mark)`,
      (r) => r.getAttribute('class')).catch(() => null);
    check(cls === l.severity, `line ${l.line}: class ${cls}, expected ${l.severity}`);
  }
  const clean = await page.$$eval('#wslconfig-lines tr.line', (rs) => rs.length);
  check(clean > 0, 'lines without findings are listed too');
}

// the timeline: one point per sample on each line, one marker per action
if (expect.samples) {
  const lines = await page.$$eval('#timeline-chart polyline', (ps) =>
    ps.map((p) => ({ id: p.id, n: p.getAttribute('points').trim().split(/\s+/).length })));
  check(lines.length >= 3, `timeline lines: ${lines.length}`);
  for (const l of lines) check(l.n === expect.samples, `${l.id}: ${l.n} points, ${expect.samples} samples`);
  const events = await page.$$eval('#timeline-chart line.event', (ls) => ls.length);
  check(events === expect.actions, `${events} reclaim markers, ${expect.actions} actions`);
}

// copy buttons: the first one copies its fix and says so
const buttons = await page.$$('button.copy');
check(buttons.length > 0, 'copy buttons exist');
if (buttons.length) {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await buttons[0].click();
  await page.waitForTimeout(100);
  check((await buttons[0].textContent()) === 'copied', 'the copy button says copied');
}
await page.screenshot({ path: png, fullPage: true });

// dark mode changes the colours; print hides the buttons
await page.emulateMedia({ colorScheme: 'dark' });
const darkBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
await page.emulateMedia({ colorScheme: 'light' });
const lightBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
check(darkBg !== lightBg, `dark mode: ${darkBg} vs ${lightBg}`);
await page.emulateMedia({ media: 'print' });
const printDisplay = await page.$eval('button.copy', (b) => getComputedStyle(b).display).catch(() => 'none');
check(printDisplay === 'none', 'print hides the copy buttons');

check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
check(requests.length === 0, `network requests: ${requests.join(' ')}`);
await browser.close();
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log(`ok: ${bars.length} segments, ${buttons.length} copy buttons, no errors, no requests`);
