// Body text on a phone: large enough, and spaced for reading. What fits the screen is
// measured on every page by phones.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite } from './lib.mjs';

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

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
