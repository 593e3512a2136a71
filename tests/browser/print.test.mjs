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
  for (const selector of ['figure.chart', 'table']) {
    assert.equal(await page.$eval(selector, (el) => getComputedStyle(el).breakInside), 'avoid', selector);
  }
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

test('external links print their address', async () => {
  const { page, close } = await site.open('index.html');
  await page.setContent(`${await page.content()}`.replace('</main>', '<p><a href="https://example.org/x">外部</a></p></main>'));
  await page.emulateMedia({ media: 'print' });
  const after = await page.$eval('main a[href^="https"]', (a) => getComputedStyle(a, '::after').content);
  assert.match(after, /example\.org\/x/);
  await close();
});
