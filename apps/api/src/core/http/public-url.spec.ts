import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { linkReach, publicOrigin } from './public-url.js';

/** What Fastify made of the request: `host` and `protocol` already honour X-Forwarded-* from a trusted proxy only. */
const req = (host: string | undefined, protocol = 'http') => ({ host, protocol }) as unknown as FastifyRequest;

describe('publicOrigin', () => {
  it('is PUBLIC_URL whenever it is set, whatever Host the request carries', () => {
    expect(publicOrigin({ publicUrl: 'https://learnweek.example.cn' }, req('evil.example:8080'))).toBe('https://learnweek.example.cn');
  });

  it('is the request’s origin otherwise, with its port, without a trailing slash', () => {
    expect(publicOrigin({ publicUrl: undefined }, req('127.0.0.1:4600'))).toBe('http://127.0.0.1:4600');
    expect(publicOrigin({ publicUrl: undefined }, req('Learnweek.Example.cn', 'https'))).toBe('https://learnweek.example.cn');
    expect(publicOrigin({ publicUrl: undefined }, req('[::1]:3000'))).toBe('http://[::1]:3000');
  });

  it('makes no link from a Host that is not a host (path, credentials, spaces, nothing)', () => {
    for (const host of ['evil.example/phish', 'user@evil.example', 'a b', '', undefined, 'x'.repeat(300)])
      expect(publicOrigin({ publicUrl: undefined }, req(host)), String(host)).toBe('http://localhost');
  });
});

describe('linkReach', () => {
  it('tells loopback, private networks and the public internet apart', () => {
    for (const o of ['http://127.0.0.1:3000', 'http://localhost', 'http://[::1]:3000', 'http://0.0.0.0'])
      expect(linkReach(o), o).toBe('loopback');
    for (const o of [
      'http://192.168.1.20',
      'http://10.0.0.5:8080',
      'http://172.20.1.1',
      'http://[fd00::1]',
      'http://learnweek-server',
      'http://srv.local',
    ])
      expect(linkReach(o), o).toBe('private');
    for (const o of ['https://learnweek.example.cn', 'http://203.0.113.7', 'http://172.32.0.1']) expect(linkReach(o), o).toBe('public');
  });
});
