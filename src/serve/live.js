// Added to pages by `hyoka serve` only, never to a build: reloads the page when
// the preview's site changes, and lets the error panel be put aside.
(() => {
  const shown = document.currentScript.dataset.version;
  document.getElementById('hyoka-errors-hide')?.addEventListener('click', () => {
    document.getElementById('hyoka-errors').hidden = true;
  });
  // The server sends the current version on connecting and on every change;
  // a version other than the one this page was served with means reload.
  const events = new EventSource('/__hyoka/events');
  events.addEventListener('version', (event) => {
    if (event.data !== shown) {
      events.close();
      location.reload();
    }
  });
})();
