// Full-text search over goals in Japanese, from the Pagefind index built with the site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite } from './lib.mjs';

const INDEX = '2023/goals/index.html';
let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

async function search(page, query) {
  await page.fill('#finder-query', query);
  // Done when the status speaks of this query, or says that nothing matched.
  await page.waitForFunction((q) => {
    const form = document.querySelector('.finder-form');
    const status = form.querySelector('.finder-status').textContent;
    return status.includes(`「${q}」`) || status === form.dataset.none;
  }, query);
  return page.$$eval('.search-results li', (items) => items.map((li) => ({
    title: li.querySelector('a').textContent,
    href: li.querySelector('a').getAttribute('href'),
    excerpt: li.querySelector('.excerpt').innerHTML,
  })));
}

test('マイナンバー finds the My Number Card goals', async () => {
  const { page, close } = await site.open(INDEX);
  const results = await search(page, 'マイナンバー');
  const titles = results.map((r) => r.title);
  assert.ok(titles.includes('マイナンバーカードの取得促進'), titles.join(' / '));
  const card = results.find((r) => r.title === 'マイナンバーカードの取得促進');
  assert.match(card.href, /\/2023\/mynumber\.html#goal-\d+$/);
  assert.match(card.excerpt, /<mark>マイナンバー/);
  assert.ok(!titles.includes('職員の育成'), 'a goal without the word is not found');
  const status = await page.textContent('.finder-status');
  assert.match(status, new RegExp(`${results.length}`));

  await page.click(`.search-results a[href="${card.href}"]`);
  await page.waitForURL(/mynumber\.html#goal-/);
  assert.equal(await page.evaluate(() => document.querySelector(':target h2').textContent.includes('マイナンバーカード')), true);
  await close();
});

test('search respects the filters and says when nothing matches', async () => {
  const { page, close } = await site.open(INDEX);
  const all = await search(page, '効率化');
  assert.ok(all.length >= 3, `several sections have an efficiency goal: ${all.length}`);
  await page.selectOption('#filter-section', 'section-minami');
  await page.waitForFunction(() => document.querySelectorAll('.search-results li').length > 0
    && [...document.querySelectorAll('.search-results a')].every((a) => a.href.includes('/minami.html')));
  const minami = await page.$$eval('.search-results a', (links) => links.length);
  assert.ok(minami < all.length);
  assert.match(page.url(), /section=section-minami/);
  assert.match(page.url(), /q=/);

  const none = await search(page, 'xyzzyplugh');
  assert.equal(none.length, 0);
  assert.equal(await page.textContent('.finder-status'), await page.getAttribute('.finder-form', 'data-none'));
  await close();
});

test('without JavaScript the page says how to find goals instead', async () => {
  const { page, close } = await site.open(INDEX, { js: false });
  assert.equal(await page.isVisible('.finder-form'), false);
  assert.equal(await page.isVisible('.finder-nojs'), true);
  assert.equal(await page.isVisible('.facets'), true);
  assert.ok(await page.locator('.goal-item').count() > 20);
  await close();
});
