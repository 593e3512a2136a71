// Every generated HTML page passes the current Nu HTML Checker with no errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, buildSite, htmlPages } from './lib.mjs';

const VNU = join(ROOT, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');

test('the Nu HTML Checker finds no error on any page', () => {
  const dir = buildSite();
  const pages = htmlPages(dir).map((path) => join(dir, path));
  assert.ok(pages.length > 10, `expected the whole example site, got ${pages.length} pages`);
  let report;
  try {
    // vnu exits non-zero when it finds errors; its JSON report is on stderr either way.
    execFileSync('java', ['-jar', VNU, '--errors-only', '--format', 'json', ...pages], { stdio: 'pipe' });
    report = { messages: [] };
  } catch (err) {
    report = JSON.parse(err.stderr.toString());
  }
  const errors = report.messages
    .filter((m) => m.type === 'error' || m.subType === 'fatal')
    .map((m) => `${m.url.slice(m.url.indexOf(dir) + dir.length + 1)}:${m.lastLine}: ${m.message}`);
  assert.deepEqual(errors, [], errors.join('\n'));
});
