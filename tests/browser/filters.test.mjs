// The goal index filters by section, grade, plan type and progress mark: as pre-rendered pages
// without JavaScript, and in place, combined, with it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite } from './lib.mjs';

const INDEX = '2023/goals/index.html';
let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

const visibleGoals = (page) => page.$$eval('.goal-item', (items) => items
  .filter((li) => li.checkVisibility())
  .map((li) => ({ title: li.querySelector('a').textContent.trim(), facets: li.dataset.facets.split(' '), text: li.textContent })));

test('without JavaScript each filter is a pre-rendered list', async () => {
  const { page, close } = await site.open(INDEX, { js: false });
  const all = await visibleGoals(page);
  const facets = await page.$$eval('.facets a', (links) => links.map((a) => ({ href: a.getAttribute('href'), text: a.textContent })));
  for (const kind of ['section-', 'grade-', 'plan-', 'progress-']) {
    assert.ok(facets.some((f) => f.href.includes(kind)), `a ${kind} filter`);
  }
  const gradeB = facets.find((f) => f.text.startsWith('B '));
  await page.click(`.facets a[href="${gradeB.href}"]`);
  const shown = await visibleGoals(page);
  const expected = all.filter((g) => g.facets.includes('grade-2'));
  assert.ok(expected.length > 0 && expected.length < all.length);
  assert.deepEqual(shown.map((g) => g.title), expected.map((g) => g.title));
  assert.ok(shown.every((g) => g.text.includes('B') && g.text.includes('上回る')), 'the grade is written out');
  assert.match(gradeB.text, new RegExp(`（${expected.length}件）`));
  assert.equal(await page.getAttribute('.facets a[aria-current="page"]', 'href'), gradeB.href);

  const { page: index, close: closeIndex } = await site.open(INDEX, { js: false });
  await index.click('.facets a[href$="#section-mynumber"]');
  assert.equal(await index.evaluate(() => location.hash), '#section-mynumber');
  assert.equal(await index.isVisible('#section-mynumber'), true);
  await closeIndex();
  await close();
});

test('with JavaScript the filters combine in place and stay in the address', async () => {
  const { page, close } = await site.open(INDEX);
  assert.equal(await page.isVisible('.facets'), false, 'the link lists give way to the form');
  const all = await visibleGoals(page);

  await page.selectOption('#filter-plan', 'plan-reform');
  const reform = await visibleGoals(page);
  assert.deepEqual(reform.map((g) => g.title), all.filter((g) => g.facets.includes('plan-reform')).map((g) => g.title));
  assert.ok(reform.length > 0 && reform.length < all.length);

  await page.selectOption('#filter-progress', 'progress-2');
  const both = await visibleGoals(page);
  const expected = all.filter((g) => g.facets.includes('plan-reform') && g.facets.includes('progress-2'));
  assert.deepEqual(both.map((g) => g.title), expected.map((g) => g.title));
  assert.match(await page.textContent('.finder-status'), new RegExp(`${expected.length}件`));
  for (const group of await page.$$('.goal-group')) {
    const shown = await group.$$eval('.goal-item', (items) => items.filter((li) => !li.hidden).length);
    assert.equal(await group.isVisible(), shown > 0, 'a section without matching goals is hidden');
  }

  await page.reload();
  assert.equal(await page.inputValue('#filter-plan'), 'plan-reform');
  assert.deepEqual((await visibleGoals(page)).map((g) => g.title), expected.map((g) => g.title));

  assert.equal(await page.isVisible('.no-goals'), false);
  await page.selectOption('#filter-progress', '');
  await page.selectOption('#filter-plan', '');
  const sections = await page.$$eval('#filter-section option', (o) => o.map((x) => x.value).filter(Boolean));
  const empty = sections.map((section) => ['grade-1', section])
    .find((pair) => !all.some((g) => pair.every((f) => g.facets.includes(f))));
  assert.ok(empty, 'some section has no goal graded A');
  await page.selectOption('#filter-grade', empty[0]);
  await page.selectOption('#filter-section', empty[1]);
  assert.deepEqual(await visibleGoals(page), []);
  assert.equal(await page.isVisible('.no-goals'), true);
  assert.equal(await page.textContent('.finder-status'), await page.evaluate(() => document.querySelector('.finder-form').dataset.count.replace('{count}', '0')));
  await close();
});
