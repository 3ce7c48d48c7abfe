// One WebSocket to the server, reopened with back-off whenever it drops. Every (re)connect starts with
// a full snapshot from the server, so the page resyncs by construction.
export function connect({ token, onMessage, onStatus }) {
  let delay = 500;
  let socket;

  function open() {
    onStatus('connecting');
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(`${scheme}://${location.host}/ws`);
    socket.onopen = () => {
      delay = 500;
      onStatus('connected');
      if (token) socket.send(JSON.stringify({ type: 'hello', token }));
    };
    socket.onmessage = (event) => {
      let message;
      try { message = JSON.parse(event.data); } catch { return; }
      onMessage(message);
    };
    socket.onclose = () => {
      onStatus('disconnected');
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 5000);
    };
    socket.onerror = () => socket.close();
  }

  open();
  return {
    send(message) {
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    },
  };
}
