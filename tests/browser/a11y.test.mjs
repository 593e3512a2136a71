// Every generated page passes axe-core's WCAG 2.0 and 2.1 A and AA rules with no violations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { startSite } from './lib.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

test('axe finds no WCAG A/AA violation on any page', async () => {
  assert.ok(site.pages.length > 10, `expected the whole example site, got ${site.pages.length} pages`);
  const failures = [];
  for (const path of site.pages) {
    const { page, close } = await site.open(path);
    const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    for (const v of results.violations) {
      failures.push(`${path}: ${v.id} (${v.impact}) ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
    }
    await close();
  }
  assert.deepEqual(failures, [], failures.join('\n'));
});

test('the skip link comes first and focus is plainly visible', async () => {
  const { page, close } = await site.open('2023/sakai.html');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return { text: el.textContent, href: el.getAttribute('href'), outline: style.outlineWidth,
      style: style.outlineStyle, background: style.backgroundColor, top: box.top };
  });
  assert.equal(focused.href, '#main');
  assert.equal(focused.text, '本文へ移動');
  assert.equal(focused.outline, '4px');
  assert.equal(focused.style, 'solid');
  assert.equal(focused.background, 'rgb(255, 212, 61)');
  assert.ok(focused.top >= 0, 'on screen when focused');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => location.hash), '#main');
  await close();
});
