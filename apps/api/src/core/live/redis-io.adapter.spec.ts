import net from 'node:net';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { Publisher } from './redis-io.adapter.js';

describe('the publishing connection', () => {
  it('notes a publish that Redis never took instead of rejecting (which would end the process)', async () => {
    // a port nobody listens on
    const server = net.createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as net.AddressInfo;
    server.close();
    await once(server, 'close');
    const pub = new Publisher(`redis://127.0.0.1:${port}`, { maxRetriesPerRequest: 1 });
    pub.on('error', () => undefined);
    try {
      expect(pub.lost).toBe(false);
      await expect(pub.publish('socket.io#/live#', 'x')).resolves.toBe(0);
      expect(pub.lost).toBe(true);
    } finally {
      pub.disconnect();
    }
  });
});
