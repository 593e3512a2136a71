// Shared by the browser tests: build a site with the hyoka binary, serve it over HTTP under a
// sub-path (as a city CMS would), and launch Debian's Chromium headless.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, existsSync, statSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, extname, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

// Not import.meta.dirname: Debian 12's Node 18 lacks it.
export const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const HYOKA = process.env.HYOKA_BIN ?? join(ROOT, 'target', 'debug', 'hyoka');
export const SUB_PATH = '/city/shimin/hyoka/';
/** The base_url sites are built with; `startSite` pages fetch it from the local server. */
export const PUBLIC_URL = `https://www.example.jp${SUB_PATH}`;

export function buildSite(root = ROOT) {
  const out = mkdtempSync(join(tmpdir(), 'hyoka-browser-'));
  execFileSync(HYOKA, ['build', '--root', root, '--output', out,
    '--base-url', PUBLIC_URL], { stdio: 'pipe' });
  return out;
}

export function htmlPages(dir, prefix = '') {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return htmlPages(dir, rel);
    return entry.name.endsWith('.html') ? [rel] : [];
  }).sort();
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8', '.wasm': 'application/wasm',
};

/** What a web server answers for `rel` (a path under the site root): { status, type, body }. */
function respond(dir, rel) {
  let file = normalize(join(dir, rel));
  if (!file.startsWith(dir)) return { status: 400, type: TYPES['.html'], body: '' };
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (existsSync(file)) {
    return { status: 200, type: TYPES[extname(file)] ?? 'application/octet-stream', body: readFileSync(file) };
  }
  // As a web server does: the site's own 404 page, for any missing path at any depth.
  const notFound = join(dir, '404.html');
  return { status: 404, type: TYPES['.html'], body: existsSync(notFound) ? readFileSync(notFound) : '' };
}

/** Serves `dir` at http://127.0.0.1:<port>/city/shimin/hyoka/. Resolves to { url, close }. */
export function serveStatic(dir) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(SUB_PATH)) { res.writeHead(404).end(); return; }
    const { status, type, body } = respond(dir, path.slice(SUB_PATH.length));
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({
    url: `http://127.0.0.1:${server.address().port}${SUB_PATH}`,
    close: () => new Promise((done) => server.close(done)),
  })));
}

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A copy of the example site's sources in a temp folder, to edit freely. */
export function copyExample() {
  const dir = mkdtempSync(join(tmpdir(), 'hyoka-site-'));
  cpSync(join(ROOT, 'site.yaml'), join(dir, 'site.yaml'));
  cpSync(join(ROOT, 'content'), join(dir, 'content'), { recursive: true });
  return dir;
}

/** Runs `hyoka serve` on a free port. Resolves to { url, stop } once it serves. */
export function startServe(root, bin = HYOKA) {
  const child = spawn(bin, ['serve', '--root', root, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  return new Promise((ok, fail) => {
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const url = stdout.match(/^serving .* at (http:\/\/\S+)/m)?.[1];
      if (url) ok({
        url,
        /** Everything serve has printed so far. */
        output: () => stdout,
        stop: () => new Promise((done) => { child.once('exit', done); child.kill('SIGINT'); }),
      });
    });
    child.once('exit', (code) => fail(new Error(`hyoka serve exited with ${code}: ${stderr}`)));
  });
}

/**
 * Builds the example site, serves it and launches Chromium: what every browser test starts with.
 * `open(path, options)` opens a page of the site in a fresh context (axe needs one per page).
 */
export async function startSite(root = ROOT) {
  const dir = buildSite(root);
  const server = await serveStatic(dir);
  const browser = await launchChromium();
  return {
    dir,
    url: server.url,
    pages: htmlPages(dir),
    async open(path, { width = 1280, height = 900, js = true } = {}) {
      const context = await browser.newContext({ viewport: { width, height }, javaScriptEnabled: js });
      // Absolute links (the 404 page's) go to the local copy instead of the public site.
      await context.route(`${PUBLIC_URL}**`, (route) => {
        const rel = decodeURIComponent(new URL(route.request().url()).pathname.slice(SUB_PATH.length));
        const { status, type, body } = respond(dir, rel);
        // Lets the page see the sizes of these cross-origin files (bench/weight.mjs reads them).
        return route.fulfill({ status, contentType: type, body, headers: { 'timing-allow-origin': '*' } });
      });
      const page = await context.newPage();
      const response = await page.goto(server.url + path);
      return { page, response, close: () => context.close() };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
