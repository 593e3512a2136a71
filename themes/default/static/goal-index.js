// Enhances the goal index: filters the list in place, combines the filters freely and searches
// the goals' full text with Pagefind. Without this script the page is whole: the full list and
// a pre-rendered page for each filter value.
const form = document.querySelector('.finder-form');
if (form) enhance(form);

function enhance(form) {
  const items = [...document.querySelectorAll('.goal-item')];
  const groups = [...document.querySelectorAll('.goal-group')];
  const selects = [...form.querySelectorAll('select')];
  const query = form.querySelector('input[type="search"]');
  const status = form.querySelector('.finder-status');
  const results = document.querySelector('.search-results');
  const list = document.querySelector('.goal-index');
  const noGoals = list.querySelector('.no-goals');
  const text = form.dataset;
  const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? '');
  let pagefind;
  let latest = 0;
  let timer;

  const noScriptNote = document.querySelector('.finder-nojs');
  if (noScriptNote) noScriptNote.hidden = true;
  document.querySelector('.facets').hidden = true;
  form.hidden = false;
  form.addEventListener('submit', (event) => { event.preventDefault(); update(); });
  for (const select of selects) select.addEventListener('change', update);
  query?.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(update, 250); });

  const params = new URLSearchParams(location.search);
  if (query) query.value = params.get('q') ?? '';
  for (const select of selects) {
    const value = params.get(select.name);
    if (value && [...select.options].some((o) => o.value === value)) select.value = value;
  }
  if ([...params.keys()].length) update();

  async function update() {
    const filters = selects.filter((s) => s.value).map((s) => [s.name, s.value]);
    const q = query?.value.trim() ?? '';
    keepInAddress(q, filters);
    const ticket = ++latest;
    if (!q) {
      showList(filters);
      return;
    }
    status.textContent = text.searching;
    try {
      pagefind ??= await import(new URL(text.pagefind, document.baseURI).href);
      const search = await pagefind.search(q, {
        filters: Object.fromEntries(filters),
      });
      const found = await Promise.all(search.results.slice(0, 50).map((r) => r.data()));
      if (ticket === latest) showResults(q, search.results.length, found);
    } catch {
      if (ticket !== latest) return;
      showList(filters);
      status.textContent = text.error;
    }
  }

  function showList(filters) {
    let shown = 0;
    for (const item of items) {
      const facets = item.dataset.facets.split(' ');
      item.hidden = !filters.every(([, value]) => facets.includes(value));
      if (!item.hidden) shown += 1;
    }
    for (const group of groups) group.hidden = !group.querySelector('.goal-item:not([hidden])');
    noGoals.hidden = shown > 0;
    list.hidden = false;
    results.hidden = true;
    status.textContent = fill(text.count, { count: shown });
  }

  function showResults(q, count, found) {
    list.hidden = true;
    results.replaceChildren(...found.map(resultItem));
    results.hidden = found.length === 0;
    status.textContent = count ? fill(text.results, { query: q, count }) : text.none;
  }

  function keepInAddress(q, filters) {
    const params = new URLSearchParams(filters);
    if (q) params.set('q', q);
    const search = params.toString();
    history.replaceState(null, '', search ? `?${search}` : location.pathname);
  }
}

function resultItem(result) {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.href = result.url;
  link.textContent = result.meta.title;
  const where = document.createElement('p');
  where.className = 'result-meta';
  where.textContent = result.meta.section;
  item.append(link, where, excerpt(result.excerpt));
  return item;
}

// Pagefind marks the matched words with <mark>; everything else is text, never markup.
function excerpt(html) {
  const paragraph = document.createElement('p');
  paragraph.className = 'excerpt';
  html.split(/(<mark>.*?<\/mark>)/).forEach((part) => {
    const marked = part.match(/^<mark>(.*)<\/mark>$/);
    if (marked) {
      const mark = document.createElement('mark');
      mark.textContent = marked[1];
      paragraph.append(mark);
    } else {
      paragraph.append(part);
    }
  });
  return paragraph;
}
