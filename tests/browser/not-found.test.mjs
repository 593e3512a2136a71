// The 404 page is sent for any missing path at any depth: its style and links must still work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startSite } from './lib.mjs';

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
  // Root-relative, from base_url's path: on this host (not the public one) too.
  const own = links.filter((h) => !h.includes('#') && !h.startsWith('https://www.city.machida.tokyo.jp/'));
  assert.ok(own.length > 3);
  for (const href of own) {
    assert.ok(href.startsWith(site.url), `${href} starts from base_url's path on this host`);
    assert.ok(existsSync(join(site.dir, href.slice(site.url.length))), `${href} exists`);
  }
  await page.click('main a');
  assert.equal(page.url(), `${site.url}index.html`);
  assert.match(await page.textContent('h1'), /組織目標/);
  await close();
});
