// Opens a headroom report in headless Chromium (Debian's) at a phone's width
// (412 px) and checks that no element runs off the edge: every element's
// scrollWidth is at most its clientWidth, and none reaches past the
// viewport's right edge. It first proves it can fail: an element injected
// 600 px wide must be caught. Writes screenshots NAME-412.png, NAME-1280.png
// and NAME-dark.png (1280 px, prefers-color-scheme: dark) into SHOTS_DIR.
//   node check-narrow.mjs REPORT.html SHOTS_DIR NAME
import { chromium } from 'playwright-core';

const [, , html, shots, name] = process.argv;
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const context = await browser.newContext({ viewport: { width: 412, height: 915 } });
const page = await context.newPage();
await page.goto('file://' + html, { waitUntil: 'load' });
// a phone (412 px, Chromium's Pixel 7 width): no element is wider than
// its box or reaches past the viewport's right edge; and the same check
// finds an element injected 600 px wide, so that it can fail
const overflowing = () => page.evaluate(() => {
  const vw = document.documentElement.clientWidth;
  const bad = [];
  for (const el of document.querySelectorAll('body, body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue; /* not drawn (display:none, <title>) */
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.getAttribute('class') ? '.' + el.getAttribute('class').split(' ')[0] : '');
    if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
      bad.push(`${name}: scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`);
    else if (r.right > vw + 1)
      bad.push(`${name}: right edge ${Math.round(r.right)} > viewport ${vw}`);
  }
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth)
    bad.push(`html: scrollWidth ${root.scrollWidth} > clientWidth ${root.clientWidth}`);
  return bad;
});
await page.emulateMedia({ media: 'screen', colorScheme: 'light' });
await page.setViewportSize({ width: 412, height: 915 });
const narrow = await overflowing();
check(narrow.length === 0, `at 412 px ${narrow.length} elements overflow:\n  ${narrow.slice(0, 20).join('\n  ')}`);
await page.screenshot({ path: `${shots}/${name}-412.png`, fullPage: true });
await page.evaluate(() => {
  const d = document.createElement('div');
  d.id = 'injected-wide';
  d.style.width = '600px';
  d.textContent = 'x';
  document.querySelector('main').appendChild(d);
});
const injected = await overflowing();
// both tests must see it: the element past the edge, and its parent's scrollWidth
check(injected.some((b) => b.startsWith('div#injected-wide')) &&
      injected.some((b) => b.startsWith('main: scrollWidth')),
      `the overflow check misses an injected 600 px element: ${injected.join(' | ')}`);
await page.evaluate(() => document.getElementById('injected-wide').remove());
await page.setViewportSize({ width: 1280, height: 900 });
await page.screenshot({ path: `${shots}/${name}-1280.png`, fullPage: true });
await page.emulateMedia({ colorScheme: 'dark' });
await page.screenshot({ path: `${shots}/${name}-dark.png`, fullPage: true });
// dark at 412 px too: the same check in the other colour scheme
await page.setViewportSize({ width: 412, height: 915 });
const darkNarrow = await overflowing();
check(darkNarrow.length === 0, `dark at 412 px: ${darkNarrow.slice(0, 5).join(' | ')}`);

// printed: no table, figure or finding is split over two pages
await page.emulateMedia({ media: 'print', colorScheme: 'light' });
const splittable = await page.$$eval('table, figure, article.finding, #verdict',
  (es) => es.filter((e) => getComputedStyle(e).breakInside !== 'avoid').map((e) => e.tagName));
check(splittable.length === 0, `printed, these may break across pages: ${splittable.join(' ')}`);
await browser.close();
if (failures.length) {
  console.error(`${name}: ` + failures.join('\n'));
  process.exit(1);
}
console.log(`ok: ${name}: nothing overflows at 412 px (light and dark); an injected wide element is caught`);
