// The class's join PIN, when the presenter set one. A browser joins with the QR code's link (?join=…, a
// long secret the server never limits, so guessing elsewhere cannot lock it out), the presenter's token,
// or the PIN typed in the form (?pin=… still works); the server then knows it by an HttpOnly cookie. The
// secret is taken out of the address bar, like the token.
import { request } from './http.js';

async function accessNow() {
  const answer = await request('/api/access', { cache: 'no-store' });
  return answer.ok ? answer.body : null; // null: the server is down, and the socket's reconnect loop retries
}

function join(body) {
  return request('/api/join', { method: 'POST', body });
}

function fromAddress(name) {
  const url = new URL(window.location.href);
  const value = url.searchParams.get(name);
  if (value) {
    url.searchParams.delete(name);
    history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  return value;
}

const offeredLink = fromAddress('join');
const offeredPin = fromAddress('pin');

/** Resolves once this browser may see the class's data (at once when there is no PIN). */
export async function ensureJoined({ token, dialog, form, input, message }) {
  const access = await accessNow();
  if (!access || !access.pinRequired || access.joined) return;
  if (token && (await join({ token })).ok) return;
  if (offeredLink && (await join({ link: offeredLink })).ok) return;
  if (offeredPin && (await join({ pin: offeredPin })).ok) return;
  dialog.hidden = false;
  input.focus();
  await new Promise((resolve) => {
    form.addEventListener('submit', async function submit(event) {
      event.preventDefault();
      const result = await join({ pin: input.value.trim() });
      if (result.ok) {
        form.removeEventListener('submit', submit);
        dialog.hidden = true;
        resolve();
      } else {
        message.textContent = result.body.error || 'that did not work; try again';
        input.select();
      }
    });
  });
}

/** After a drop: a restarted server forgets joined browsers, so ask again rather than retry forever. */
export async function stillJoined() {
  const access = await accessNow();
  return !access || !access.pinRequired || access.joined;
}
