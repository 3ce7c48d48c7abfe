// Following the presenter. The presenter's page shares what it explores (at most 10 times a second, and
// always the last position of a drag); a viewer who presses "Follow the presenter" (a toggle at the top of
// the page, where a phone shows it) jumps there and follows, and moving a slider themself detaches them.
import { store, explore, subscribe } from './store.js';

export function createFollow(toggle, { send, sharedState, apply }) {
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

  toggle.addEventListener('click', () => {
    const following = !store.explore.following;
    explore('follow', { following });
    if (following && store.explore.presenter) apply(store.explore.presenter);
  });

  subscribe((what, s) => {
    toggle.setAttribute('aria-pressed', String(s.explore.following));
    toggle.textContent = s.explore.following ? 'Following the presenter' : 'Follow the presenter';
    if ((what === 'presenter' || what === 'snapshot') && s.explore.following && !s.canControl && s.explore.presenter) {
      apply(s.explore.presenter);
    }
  });

  return { share };
}
