// Following the presenter. The presenter's page shares what it explores (at most 10 times a second, and
// always the last position of a drag); a viewer who ticks "follow the presenter" jumps there and follows,
// and moving a slider themself detaches them.
import { store, explore, subscribe } from './store.js';

export function createFollow(checkbox, { send, sharedState, apply }) {
  let lastShared = 0;
  let timer = null;

  function share() {
    if (!store.canControl) return;
    const wait = 100 - (performance.now() - lastShared);
    if (wait > 0) {
      if (!timer) timer = setTimeout(() => { timer = null; share(); }, wait);
      return;
    }
    lastShared = performance.now();
    send({ type: 'explore', state: sharedState() });
  }

  checkbox.addEventListener('change', () => {
    explore('follow', { following: checkbox.checked });
    if (checkbox.checked && store.explore.presenter) apply(store.explore.presenter);
  });

  subscribe((what, s) => {
    checkbox.checked = s.explore.following;
    if ((what === 'presenter' || what === 'snapshot') && s.explore.following && !s.canControl && s.explore.presenter) {
      apply(s.explore.presenter);
    }
  });

  return { share };
}
