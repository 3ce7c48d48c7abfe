// Loaded before the page paints (a plain script, not a module): the theme this browser chose with the
// toggle, else the system's (prefers-color-scheme), so a light projector page never flashes dark first.
// theme.js keeps it up to date after that.
(function () {
  let chosen = null;
  try { chosen = localStorage.getItem('latent-lab-theme'); } catch { /* storage off: the system decides */ }
  const light = chosen ? chosen === 'light' : window.matchMedia('(prefers-color-scheme: light)').matches;
  document.documentElement.dataset.theme = light ? 'light' : 'dark';
}());
