import { describe, expect, it } from 'vitest';
import { CheckinQueue, type TSendResult } from '../src/checkin/queue';

class MemoryStorage {
  private data = new Map<string, string>();
  getItem = (k: string) => this.data.get(k) ?? null;
  setItem = (k: string, v: string) => void this.data.set(k, v);
}

const body = (name: string) => ({ name, idempotencyKey: `key-${name}-0000` });

describe('the staff check-in queue', () => {
  it('keeps check-ins while offline and sends each once, with its key, when back', async () => {
    const q = new CheckinQueue(new MemoryStorage(), 'q');
    q.add(body('甲'), new Date());
    q.add(body('乙'), new Date());
    q.add(body('丙'), new Date());
    let network = false;
    const sent: string[] = [];
    const send = async (b: { idempotencyKey: string }): Promise<TSendResult> => {
      if (!network) return { kind: 'offline' };
      sent.push(b.idempotencyKey);
      return { kind: 'done', message: 'ok' };
    };
    expect((await q.flush(send)).settled).toEqual([]);
    expect(q.list()).toHaveLength(3);
    network = true;
    const r = await q.flush(send);
    expect(r.settled.map((x) => x.body.name)).toEqual(['甲', '乙', '丙']);
    expect(sent).toEqual(['key-甲-0000', 'key-乙-0000', 'key-丙-0000']);
    expect(q.list()).toEqual([]);
  });

  it('stops at the first network failure and keeps the rest in order', async () => {
    const q = new CheckinQueue(new MemoryStorage(), 'q');
    for (const n of ['甲', '乙', '丙']) q.add(body(n), new Date());
    let calls = 0;
    const r = await q.flush(async () => (++calls === 2 ? { kind: 'offline' } : { kind: 'rejected', message: 'x' }));
    expect(r.settled.map((x) => x.body.name)).toEqual(['甲']);
    expect(q.list().map((x) => x.body.name)).toEqual(['乙', '丙']);
  });
});
