// A child process holding many screens (socket.io clients), so that the sockets' client ends
// do not count against the server process's file descriptors or event loop.
// argv: url, count, auth JSON, subscribe event JSON ([name, payload]), event to count, the index of
// the first screen (`{i}` in the auth JSON becomes each one's index); tells the parent 'ready'. Asked {type:'count'}, it answers how many of that event each socket has received
// (the least and the total); 'close' closes them all.
import { io } from 'socket.io-client';

const [url, count, auth, subscribe, counted, first] = process.argv.slice(2);
const n = Number(count);
const sockets = [];
const received = [];
for (let i = 0; i < n; i += 100) {
  await Promise.all(
    Array.from({ length: Math.min(100, n - i) }, () => {
      const k = sockets.length;
      const s = io(url, {
        auth: JSON.parse(auth.replaceAll('{i}', String(Number(first) + k))),
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
      });
      sockets.push(s);
      received.push(0);
      s.on(counted, () => (received[k] += 1));
      return new Promise((resolve, reject) => {
        s.once('connect', () => s.emit(...JSON.parse(subscribe), () => resolve()));
        s.once('connect_error', reject);
      });
    }),
  );
}
process.send?.('ready');
process.once('disconnect', () => process.exit(0));
process.on('message', (m) => {
  if (m === 'close') {
    for (const s of sockets) s.close();
    process.exit(0);
  }
  if (m?.type === 'count') {
    const connected = sockets.filter((s) => s.connected).length;
    process.send({ type: 'count', least: Math.min(...received), total: received.reduce((a, b) => a + b, 0), connected });
  }
});
