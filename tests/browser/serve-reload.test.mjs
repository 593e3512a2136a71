// `hyoka serve` in a real browser: an open page reloads by itself after a save, shows the errors
// of a change that does not build over the last good page, and clears them once fixed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { copyExample, launchChromium, startServe } from './lib.mjs';

const SECTION = join('content', '2023', 'oyama.yaml');
const NAME = '小山市民センター';
const WAIT = { timeout: 30_000 };

test('an open page reloads by itself after each save', async () => {
  const site = copyExample();
  const file = join(site, SECTION);
  const saving = join(dirname(file), `.${basename(file)}.saving`);
  // Saved as most editors do, by renaming a new file over the old one, so that no rebuild
  // reads it half-written.
  const edit = (change) => {
    writeFileSync(saving, change(readFileSync(file, 'utf8')));
    renameSync(saving, file);
  };
  const serve = await startServe(site);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${serve.url}2023/oyama.html`);
    assert.match(await page.locator('h1').textContent(), new RegExp(NAME));
    // A reload wipes this; an in-place update would not.
    await page.evaluate(() => { window.notReloadedYet = true; });

    edit((text) => text.replace(`name: ${NAME}`, `name: ${NAME}（改）`));
    await page.waitForFunction((name) => document.querySelector('h1')?.textContent.includes(name),
      `${NAME}（改）`, WAIT);
    assert.equal(await page.evaluate(() => window.notReloadedYet), undefined);

    edit((text) => text.replace('grade: ', 'grade: Z'));
    const errors = page.locator('#hyoka-errors');
    await errors.waitFor({ state: 'visible', ...WAIT });
    assert.match(await errors.locator('pre').first().textContent(), /content\/2023\/oyama\.yaml:\d+:\d+/);
    assert.match(await page.locator('h1').textContent(), /（改）/, 'the last good page stays underneath');
    await errors.getByRole('button', { name: 'Hide' }).click();
    assert.equal(await errors.isVisible(), false);

    edit((text) => text.replace('grade: Z', 'grade: '));
    await page.locator('#hyoka-errors').waitFor({ state: 'detached', ...WAIT });
    assert.match(await page.locator('h1').textContent(), /（改）/);
  } finally {
    await browser.close();
    await serve.stop();
    rmSync(site, { recursive: true, force: true });
  }
});
