// One WebSocket to the server, reopened with back-off whenever it drops. Every (re)connect starts with
// a full snapshot from the server, so the page resyncs by construction. A connection that goes silent
// (the server's machine asleep or off the network: no close ever arrives) is noticed by a heartbeat: a
// ping every few seconds, and a ping that hears nothing back for SILENCE_MS counts the socket as lost.
// (A hidden tab's timers may fire only once a minute; measuring from the unanswered ping, not from the
// last message, keeps such a tab from calling a healthy socket lost.)
const HEARTBEAT_MS = 4000;
const SILENCE_MS = 10000;

export function connect({ token, onMessage, onStatus }) {
  let delay = 500;
  let socket;
  let heard = 0;
  let heartbeat = null;

  function lost() {
    clearInterval(heartbeat);
    onStatus('disconnected');
    setTimeout(open, delay);
    delay = Math.min(delay * 2, 5000);
  }

  function open() {
    onStatus('connecting');
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const current = new WebSocket(`${scheme}://${location.host}/ws`);
    socket = current;
    current.onopen = () => {
      delay = 500;
      heard = Date.now();
      onStatus('connected');
      if (token) current.send(JSON.stringify({ type: 'hello', token }));
      let pinged = 0;
      heartbeat = setInterval(() => {
        const unanswered = pinged > heard;
        if (!unanswered) {
          pinged = Date.now();
          current.send('{"type":"ping"}');
        } else if (Date.now() - pinged > SILENCE_MS) {
          current.onclose = null; // a dead connection may never finish closing: give up on it now
          current.close();
          lost();
        }
      }, HEARTBEAT_MS);
    };
    current.onmessage = (event) => {
      heard = Date.now();
      let message;
      try { message = JSON.parse(event.data); } catch { return; }
      onMessage(message);
    };
    current.onclose = lost;
    current.onerror = () => current.close();
  }

  open();
  return {
    send(message) {
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    },
    /** Whether a message sent now reaches the server. */
    get open() {
      return !!socket && socket.readyState === WebSocket.OPEN;
    },
  };
}
