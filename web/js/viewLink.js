// A view in a link, TensorFlow Playground's way: the run and epoch on show, the latent point, the
// interpolation's ends and mode and the panel in view live in the URL's hash
// (#run=…&epoch=…&z=0.5,-1.2&from=digit:3&to=index&toIndex=17&steps=10&spherical=1&panel=explorer).
// Opening such a link restores that view; the share panel copies one of what the page shows now. Only what
// is listed here goes in: never the presenter token, the PIN or the join secret.
const PANELS = ['training', 'losses', 'tradeoff', 'pictures', 'explorer', 'runs'];

/** The hash of this view: `state` is { run, epoch, z, from, to, fromIndex, toIndex, steps, spherical, panel }. */
export function viewHash(state) {
  const p = new URLSearchParams();
  if (state.run) p.set('run', state.run);
  if (Number.isInteger(state.epoch)) p.set('epoch', String(state.epoch));
  if (state.z && state.z.length) p.set('z', state.z.map(v => Number(v).toFixed(3)).join(','));
  for (const k of ['from', 'to']) if (state[k]) p.set(k, state[k]);
  for (const k of ['fromIndex', 'toIndex', 'steps']) if (Number.isInteger(state[k])) p.set(k, String(state[k]));
  if (state.spherical) p.set('spherical', '1');
  if (PANELS.includes(state.panel)) p.set('panel', state.panel);
  return `#${p.toString()}`;
}

/** The view a hash names; anything malformed is left out (a link can come from anywhere). */
export function parseView(hash) {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const view = {};
  const run = p.get('run');
  if (run && /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(run) && !run.includes('..')) view.run = run;
  const whole = (name, min, max) => {
    const v = Number(p.get(name));
    return p.has(name) && Number.isInteger(v) && v >= min && v <= max ? v : undefined;
  };
  view.epoch = whole('epoch', 0, 1000);
  if (p.has('z')) {
    const z = p.get('z').split(',').map(Number);
    if (z.length >= 1 && z.length <= 64 && z.every(v => Number.isFinite(v) && Math.abs(v) <= 10)) view.z = z;
  }
  for (const k of ['from', 'to']) {
    const v = p.get(k);
    if (v && /^(digit:[0-9]|index|drawn)$/.test(v)) view[k] = v;
  }
  view.fromIndex = whole('fromIndex', 0, 9999);
  view.toIndex = whole('toIndex', 0, 9999);
  view.steps = whole('steps', 2, 32);
  view.spherical = p.get('spherical') === '1';
  if (PANELS.includes(p.get('panel'))) view.panel = p.get('panel');
  return view;
}

/** The panel most in view now (for the link). */
export function panelInView() {
  let best = null;
  let most = 0;
  for (const id of PANELS) {
    const e = document.getElementById(id);
    if (!e || e.hidden) continue;
    const r = e.getBoundingClientRect();
    const seen = Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
    if (seen > most) { most = seen; best = id; }
  }
  return best;
}
