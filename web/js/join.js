// The class's join PIN, when the presenter set one. The PIN comes from the QR code's link (?pin=…), the
// presenter's token, or the form; the server then knows this browser by an HttpOnly cookie. The PIN is
// taken out of the address bar, like the token.
import { request } from './http.js';

async function accessNow() {
  const answer = await request('/api/access', { cache: 'no-store' });
  return answer.ok ? answer.body : null; // null: the server is down, and the socket's reconnect loop retries
}

function join(body) {
  return request('/api/join', { method: 'POST', body });
}

function pinFromAddress() {
  const url = new URL(window.location.href);
  const pin = url.searchParams.get('pin');
  if (pin) {
    url.searchParams.delete('pin');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  return pin;
}

const offeredPin = pinFromAddress();

/** Resolves once this browser may see the class's data (at once when there is no PIN). */
export async function ensureJoined({ token, dialog, form, input, message }) {
  const access = await accessNow();
  if (!access || !access.pinRequired || access.joined) return;
  if (token && (await join({ token })).ok) return;
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
