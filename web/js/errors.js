// An error is shown where it happened: in a box next to the control that caused it (not in a banner at
// the top of a long page, 1,800 px away on a phone), announced by screen readers (role="alert"), and kept
// until the user's next action in that part of the page.
export function errorBox(box) {
  const region = box.closest('[data-error-region]') || box.parentElement;
  let clear = null;
  return function show(message) {
    box.textContent = message;
    box.hidden = false;
    if (clear) return;
    clear = () => {
      box.hidden = true;
      box.textContent = '';
      region.removeEventListener('pointerdown', clear);
      region.removeEventListener('keydown', clear);
      clear = null;
    };
    region.addEventListener('pointerdown', clear);
    region.addEventListener('keydown', clear);
  };
}
