// What a citizen sees on a phone, measured in Chromium at 320, 360 and 390 CSS pixels (and on a
// desktop) on every page of the example and of the fixture sites: every table cell inside the screen, no sideways
// scroll, chart text at 12 px or more, no value or date split across lines, no line starting
// with ー or a small kana. axe and Lighthouse pass pages that fail all of these.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, startSite } from './lib.mjs';

// Phones, and a desktop for the charts' text.
const WIDTHS = [320, 360, 390, 1280];
/** Sites that build and whose every page is measured, besides the example. */
const FIXTURES = ['two-years', 'theme-override', 'across-years', 'five-year-program', 'category-axes', 'department-sheet'];

/** Runs in the page: what a reader on this screen cannot read, one line per problem. */
function problems() {
  const width = document.documentElement.clientWidth;
  const found = [];
  const where = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 3; e = e.parentElement) {
      parts.unshift(e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? `.${e.className.split(' ')[0]}` : ''));
    }
    return parts.join('>');
  };
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';

  if (document.documentElement.scrollWidth > width) {
    found.push(`page scrolls sideways: ${document.documentElement.scrollWidth}px wide`);
  }
  for (const cell of document.querySelectorAll('th, td, caption')) {
    if (!shown(cell) || cell.closest('.visually-hidden')) continue;
    const box = cell.getBoundingClientRect();
    if (box.left < -0.5 || box.right > width + 0.5) {
      found.push(`cell outside the screen (${Math.round(box.left)}–${Math.round(box.right)}px): ${where(cell)} "${cell.textContent.trim().slice(0, 30)}"`);
    }
  }
  // A tab stop that is neither a control nor a box that scrolls is a stop for nothing.
  for (const el of document.querySelectorAll('[tabindex="0"]')) {
    if (!shown(el) || el.matches('a, button, input, select, textarea, summary')) continue;
    if (el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight) {
      found.push(`tab stop that does not scroll: ${where(el)}`);
    }
  }
  for (const text of document.querySelectorAll('svg text')) {
    if (!shown(text)) continue;
    const size = parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a;
    if (size < 11.95) {
      found.push(`chart text ${size.toFixed(1)}px: "${text.textContent.trim().slice(0, 30)}"`);
    }
  }

  // A number with its unit, a date, an era year: written independently of the page's own
  // marking, so that a value the page forgets to keep whole is found.
  const value = /(?:令和|平成|昭和|第|約)?(?:[0-9０-９]+(?:[,.][0-9０-９]+)*|元)(?:(?:か所|ヶ所|箇所|か月|ヶ月|年度|月末|%|％|[年月日人件回点種倍割円歳台枚冊本校館店社所名])+(?:[0-9０-９]+(?=[年月日時分]))?)+/g;
  const lineOf = (rect) => Math.round(rect.top + rect.height / 2);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement.closest('svg, script, style, .visually-hidden')
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const data = node.data;
    for (const match of data.matchAll(value)) {
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map(lineOf));
      const tops = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => r.top);
      if (tops.length > 1 && Math.max(...tops) - Math.min(...tops) > 4) {
        found.push(`"${match[0]}" split over ${lines.size} lines in ${where(node.parentElement)}`);
      }
    }
    // A line that starts with ー or a small kana: it sits lower than the character before it.
    for (const match of data.matchAll(/[ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ]/g)) {
      if (match.index === 0) continue;
      range.setStart(node, match.index - 1);
      range.setEnd(node, match.index);
      const before = range.getClientRects()[0];
      range.setStart(node, match.index);
      range.setEnd(node, match.index + 1);
      const at = range.getClientRects()[0];
      if (before && at && at.top > before.bottom - 2) {
        found.push(`a line starts with "${match[0]}": "${data.slice(Math.max(0, match.index - 8), match.index + 4)}"`);
      }
    }
  }
  return found;
}

for (const [name, root] of [['example', ROOT], ...FIXTURES.map((f) => [f, join(ROOT, 'tests', 'fixtures', f)])]) {
  test(`${name}: every page reads on a phone`, async (t) => {
    const site = await startSite(root);
    t.after(async () => { await site?.close(); });
    const failures = [];
    for (const width of WIDTHS) {
      // One tab per width, going from page to page, as a reader would: a fresh context for
      // each of a hundred page views would take minutes.
      const { page, close } = await site.open('', { width, height: 800 });
      for (const path of site.pages) {
        await page.goto(site.url + path);
        for (const problem of await page.evaluate(problems)) failures.push(`${path} @${width}: ${problem}`);
      }
      await close();
    }
    assert.deepEqual(failures, [], `${failures.length} problems:\n${failures.slice(0, 60).join('\n')}`);
  });
}
