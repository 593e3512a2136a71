// Printing on A4: no navigation or search form, charts and tables kept whole, addresses shown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite } from './lib.mjs';

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

test('the print stylesheet drops navigation and keeps charts and tables whole', async () => {
  const { page, close } = await site.open('index.html');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('.site-nav'), false);
  assert.equal(await page.isVisible('.skip-link'), false);
  assert.match(await page.textContent('.print-only'), /https:\/\/www\.example\.jp\/city\/shimin\/hyoka\//);
  assert.equal(await page.isVisible('.print-only'), true, 'the page address is printed');
  for (const selector of ['figure.chart', 'tr']) {
    assert.equal(await page.$eval(selector, (el) => getComputedStyle(el).breakInside), 'avoid', selector);
  }
  assert.equal(await page.isVisible('svg.chart-wide'), true, 'the wide chart prints');
  assert.equal(await page.isVisible('svg.chart-narrow'), false);
  assert.equal(await page.$eval('h2', (el) => getComputedStyle(el).breakAfter), 'avoid');
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 1000);
  await close();

  const { page: index, close: closeIndex } = await site.open('2023/goals/index.html');
  await index.emulateMedia({ media: 'print' });
  assert.equal(await index.isVisible('.finder'), false);
  assert.equal(await index.isVisible('.goal-item'), true);
  await closeIndex();
});

/** The pages of an A4 PDF, counted from its page objects. */
const pdfPages = (pdf) => pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g).length;

test('A4 prints without near-empty pages, tables breaking between rows', async () => {
  // The longest section page: at A4's printable 180 × 267 mm, its height on screen says how
  // many pages it fills; a table kept whole would push itself to a new page, leaving one
  // near empty each time.
  const { page, close } = await site.open('2023/shimin.html', { width: 680, height: 1009 });
  await page.emulateMedia({ media: 'print' });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const pages = pdfPages(await page.pdf({ format: 'A4', margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' } }));
  const filled = Math.ceil(height / 1009);
  assert.ok(pages <= filled + 1, `${pages} pages for ${filled} pages of content`);
  assert.equal(await page.$eval('table.indicators', (t) => getComputedStyle(t).breakInside), 'auto');
  assert.equal(await page.isVisible('table.indicators'), true, 'the wide table prints');
  assert.equal(await page.$eval('table.indicators thead', (t) => getComputedStyle(t).display), 'table-header-group');
  await close();
});

test('external links print their address', async () => {
  const { page, close } = await site.open('index.html');
  await page.setContent(`${await page.content()}`.replace('</main>', '<p><a href="https://example.org/x">外部</a></p></main>'));
  await page.emulateMedia({ media: 'print' });
  const after = await page.$eval('main a[href^="https"]', (a) => getComputedStyle(a, '::after').content);
  assert.match(after, /example\.org\/x/);
  await close();
});
