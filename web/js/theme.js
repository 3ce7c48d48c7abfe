// Dark (for screens) or light (for washed-out projectors): the system's choice, prefers-color-scheme,
// unless this browser picked one with the toggle (kept in localStorage). The colours themselves are CSS
// variables in style.css; charts read them with cssColor and redraw on the 'latentlab:theme' event.
const KEY = 'latent-lab-theme';
const system = window.matchMedia('(prefers-color-scheme: light)');

function current() {
  let chosen = null;
  try { chosen = localStorage.getItem(KEY); } catch { /* storage off */ }
  return chosen || (system.matches ? 'light' : 'dark');
}

/** A colour of the current theme, e.g. cssColor('--muted'). */
export function cssColor(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

export function createThemeToggle(button) {
  function apply() {
    const theme = current();
    document.documentElement.dataset.theme = theme;
    button.setAttribute('aria-pressed', String(theme === 'light'));
    document.dispatchEvent(new Event('latentlab:theme'));
  }
  button.addEventListener('click', () => {
    try { localStorage.setItem(KEY, current() === 'light' ? 'dark' : 'light'); } catch { /* this page only */ }
    apply();
  });
  system.addEventListener('change', apply);
  apply();
}
