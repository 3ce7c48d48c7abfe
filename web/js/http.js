// The page's one way to ask the server: request(path, options) → { ok, status, body, headers }. It never
// throws: a server that cannot be reached answers ok false, status 0, with an error the page can show.
// body is the parsed JSON, or a Blob with { as: 'blob' }; errors always come as { error, field }.
export async function request(path, { method = 'GET', body, token, as = 'json', cache } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, cache, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    return { ok: false, status: 0, body: { error: 'the server cannot be reached' }, headers: new Headers() };
  }
  if (!response.ok || as === 'json') {
    const parsed = await response.json().catch(() => ({}));
    const answer = response.ok ? parsed : { error: parsed.error || `request failed (${response.status})`, field: parsed.field };
    return { ok: response.ok, status: response.status, body: answer, headers: response.headers };
  }
  return { ok: true, status: response.status, body: await response.blob(), headers: response.headers };
}

// The same, for the explorer's calls: the answer, or an Error carrying the server's message.
export async function ask(path, options) {
  const answer = await request(path, options);
  if (!answer.ok) throw new Error(answer.body.error);
  return answer;
}
