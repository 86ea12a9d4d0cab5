// A child process holding many screens (socket.io clients), so that the sockets' client ends
// do not count against the server process's file descriptors or event loop.
// argv: url, count, auth JSON, subscribe event JSON ([name, payload]); tells the parent 'ready'.
import { io } from 'socket.io-client';

const [url, count, auth, subscribe] = process.argv.slice(2);
const n = Number(count);
const sockets = [];
for (let i = 0; i < n; i += 100) {
  await Promise.all(
    Array.from({ length: Math.min(100, n - i) }, () => {
      const s = io(url, { auth: JSON.parse(auth), transports: ['websocket'], forceNew: true, reconnection: false });
      sockets.push(s);
      return new Promise((resolve, reject) => {
        s.once('connect', () => s.emit(...JSON.parse(subscribe), () => resolve()));
        s.once('connect_error', reject);
      });
    }),
  );
}
process.send?.('ready');
process.on('message', (m) => {
  if (m !== 'close') return;
  for (const s of sockets) s.close();
  process.exit(0);
});
