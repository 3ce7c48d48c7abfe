// The control API, called with the presenter token. Returns { ok, status, body } and never throws.
export async function control(token, path, body) {
  try {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'Authorization': `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? '' : JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({}));
    return { ok: response.ok, status: response.status, body: data };
  } catch (e) {
    return { ok: false, status: 0, body: { error: 'the server cannot be reached' } };
  }
}
