// The 404 page is sent for any missing path at any depth: its style and links must still work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PUBLIC_URL, startSite } from './lib.mjs';

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

test('the 404 page works from a deep missing path', async () => {
  const { page, response, close } = await site.open('2023/no/such/page.html');
  assert.equal(response.status(), 404);
  assert.equal(await page.$eval('.site-header', (h) => getComputedStyle(h).borderBottomWidth), '4px',
    'the stylesheet loads');
  const links = await page.$$eval('a', (all) => all.map((a) => a.href));
  assert.ok(links.length > 3);
  for (const href of links.filter((h) => !h.includes('#'))) {
    assert.ok(href.startsWith(PUBLIC_URL), `${href} starts from base_url`);
    assert.ok(existsSync(join(site.dir, href.slice(PUBLIC_URL.length))), `${href} exists`);
  }
  await page.click('main a');
  assert.equal(page.url(), `${PUBLIC_URL}index.html`);
  assert.match(await page.textContent('h1'), /組織目標/);
  await close();
});
