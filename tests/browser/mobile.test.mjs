// At 320 CSS pixels wide no page scrolls sideways; wide tables scroll inside their own box.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite } from './lib.mjs';

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

test('no page is wider than a 320 px screen', async () => {
  const tooWide = [];
  for (const path of site.pages) {
    const { page, close } = await site.open(path, { width: 320, height: 640 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 320) {
      const culprits = await page.evaluate(() => [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > 320.5 && !el.closest('.table-scroll'))
        .slice(0, 3).map((el) => `${el.tagName.toLowerCase()}.${el.className}`));
      tooWide.push(`${path}: ${width}px (${culprits.join(', ')})`);
    }
    await close();
  }
  assert.deepEqual(tooWide, [], tooWide.join('\n'));
});

test('body text is at least 16 px with a line height near 1.7', async () => {
  const { page, close } = await site.open('2023/sakai.html', { width: 320, height: 640 });
  const style = await page.evaluate(() => {
    const s = getComputedStyle(document.querySelector('.prose p') ?? document.body);
    return { size: parseFloat(s.fontSize), lineHeight: parseFloat(s.lineHeight) };
  });
  await close();
  assert.ok(style.size >= 16, `font size ${style.size}px`);
  const ratio = style.lineHeight / style.size;
  assert.ok(ratio >= 1.6 && ratio <= 1.8, `line height ${ratio}`);
});
