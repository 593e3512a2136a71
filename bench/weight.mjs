// Page weight: builds the example site, opens every page in headless Chromium and prints what
// each one costs to read — the HTML plus every stylesheet, image, SVG and script the browser
// fetches for it, uncompressed — then the heaviest page against the 150 KB budget. The search
// index is fetched only when someone searches; its cost for one query is printed apart.
//
//   cargo build && node bench/weight.mjs
import { startSite } from '../tests/browser/lib.mjs';

const BUDGET = 150 * 1024;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** Bytes of the document and of every resource it loaded, uncompressed. */
const loaded = (page) => page.evaluate(() => {
  const [doc] = performance.getEntriesByType('navigation');
  const resources = performance.getEntriesByType('resource');
  return {
    html: doc.decodedBodySize,
    other: resources.reduce((sum, r) => sum + r.decodedBodySize, 0),
    files: resources.length,
  };
});

const site = await startSite();
const rows = [];
for (const path of site.pages) {
  const { page, close } = await site.open(path);
  await page.waitForLoadState('networkidle');
  const { html, other, files } = await loaded(page);
  rows.push({ path, html, total: html + other, files });
  await close();
}

const width = Math.max(...rows.map((r) => r.path.length));
console.log(`${'page'.padEnd(width)}  ${'HTML'.padStart(9)}  ${'total'.padStart(9)}  files`);
for (const r of rows) {
  console.log(`${r.path.padEnd(width)}  ${kb(r.html).padStart(9)}  ${kb(r.total).padStart(9)}  ${r.files + 1}`);
}
const heaviest = rows.reduce((a, b) => (b.total > a.total ? b : a));
console.log(`\nheaviest: ${heaviest.path} ${kb(heaviest.total)} (budget ${kb(BUDGET)})`);

const goalIndex = site.pages.find((p) => p.endsWith('goals/index.html'));
if (goalIndex) {
  const { page, close } = await site.open(goalIndex);
  await page.waitForLoadState('networkidle');
  const before = await loaded(page);
  await page.fill('#finder-query', 'マイナンバー');
  await page.waitForSelector('.search-results li');
  await page.waitForLoadState('networkidle');
  const after = await loaded(page);
  console.log(`first search on ${goalIndex}: +${kb(after.other - before.other)} in ${after.files - before.files} files`);
  await close();
}
await site.close();
const over = rows.filter((r) => r.total > BUDGET);
if (over.length) {
  console.log(`over budget: ${over.map((r) => r.path).join(', ')}`);
  process.exitCode = 1;
}
