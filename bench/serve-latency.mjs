// Save-to-screen latency of `hyoka serve`: edits a section of a copy of the example site over
// and over and prints, per save, how long until the preview announced the new version (the
// rebuild) and until the reloaded page was first painted in headless Chromium (what a person sees).
// Usage: node bench/serve-latency.mjs [SAVES] [SITE SECTION]   (bench/serve.sh runs it)
// SITE defaults to the example and SECTION to content/2023/oyama.yaml; the site is copied first.
// HYOKA_BIN picks the binary. EDIT=name (default) renames the section, which every list of its
// year shows; EDIT=text renames its first indicator, which only the section's own page shows, as
// most edits to a report's text and figures do.
import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyExample, launchChromium, startServe } from '../tests/browser/lib.mjs';

const SAVES = Number(process.argv[2] ?? 20);
const SECTION = process.argv[4] ?? join('content', '2023', 'oyama.yaml');
const PAGE = SECTION.replace(/^content\//, '').replace(/\.yaml$/, '.html');

function copySite(from) {
  if (!from) return copyExample();
  const dir = mkdtempSync(join(tmpdir(), 'hyoka-site-'));
  cpSync(from, dir, { recursive: true });
  return dir;
}

/** Calls `onVersion(version)` for every new version the preview announces. Resolves to the
 * stream once the current version has arrived, so that it is not taken for a new one. */
function listen(url, onVersion) {
  return new Promise((ready) => {
    get(`${url}__hyoka/events`, (response) => {
      response.setEncoding('utf8');
      let buffer = '';
      let current = null;
      response.on('data', (chunk) => {
        buffer += chunk;
        const lines = buffer.split('\n');
        buffer = lines.pop();
        for (const line of lines.filter((l) => l.startsWith('data: '))) {
          if (current === null) ready(response);
          else onVersion(line.slice(6));
          current = line.slice(6);
        }
      });
    });
  });
}

function summary(label, values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  console.log(`${label.padEnd(34)} median ${at(0.5).toFixed(0).padStart(4)} ms   p90 ${at(0.9).toFixed(0).padStart(4)} ms   max ${sorted.at(-1).toFixed(0).padStart(4)} ms`);
}

const site = copySite(process.argv[3]);
const file = join(site, SECTION);
const original = readFileSync(file, 'utf8');
const EDIT = process.env.EDIT ?? 'name';
// The line each save changes, and the text a save adds to it.
const [line, start, words] = original.match(EDIT === 'text' ? /^(\s+- name: )(.+)$/m : /^(name: )(.*)$/m);
const serve = await startServe(site);
const browser = await launchChromium();
try {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${serve.url}${PAGE}`);
  let announced = () => {};
  const events = await listen(serve.url, (version) => announced(version));
  const rebuild = [];
  const screen = [];
  for (let save = 1; save <= SAVES; save += 1) {
    // A suffix no other section's name has: two sections of one year may not share a name.
    const edited = `${words}（保存${save}）`;
    const event = new Promise((ok) => { announced = () => ok(Date.now()); });
    const saved = Date.now();
    writeFileSync(file, original.replace(line, `${start}${edited}`));
    const eventAt = await event;
    await page.waitForFunction((n) => document.querySelector('main')?.textContent.includes(n), edited,
      { polling: 'raf', timeout: 30_000 });
    const paintedAt = await page.evaluate(() => performance.timeOrigin
      + (performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? performance.now()));
    rebuild.push(eventAt - saved);
    screen.push(paintedAt - saved);
    // Let the page settle so that saves do not run into each other.
    await new Promise((ok) => { setTimeout(ok, 300); });
  }
  events.destroy();
  console.log(`hyoka serve, ${process.argv[3] ?? 'example site'} (${SAVES} saves of ${SECTION}, EDIT=${EDIT}):`);
  summary('save → new version announced', rebuild);
  summary('save → reloaded page painted', screen);
  // What serve prints for each rebuild: its own time, and from the file's last write (its
  // modification time, as exact as the file system's clock) until the new site was shown.
  const rebuilds = [...serve.output().matchAll(
    /^rebuilt (\d+) files of \d+ pages in ([\d.]+) ms \(([\d.]+) ms after the save/gm)];
  if (rebuilds.length) {
    summary('rebuild, in serve', rebuilds.map((m) => Number(m[2])));
    summary('save → written, in serve', rebuilds.map((m) => Number(m[3])));
    console.log(`files re-made per save: ${rebuilds[0][1]}; full builds after the first: ${
      (serve.output().match(/^built /gm) ?? []).length - 1}`);
  }
} finally {
  await browser.close();
  await serve.stop();
  rmSync(site, { recursive: true, force: true });
}
