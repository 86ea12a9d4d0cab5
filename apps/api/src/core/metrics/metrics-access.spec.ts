import { describe, expect, it } from 'vitest';
import { isLoopback, metricsAllowed } from './metrics-access.js';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const TOKEN = 'a-metrics-token-of-enough-length';

describe('metrics access', () => {
  it('knows loopback peers, IPv4-mapped ones included, and nothing else', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'].map(isLoopback)).toEqual([true, true, true, true]);
    expect(['10.0.0.1', '::ffff:10.0.0.1', '128.0.0.1', '', undefined, '::2', '127.0.0.1.evil'].map(isLoopback)).toEqual(
      Array(7).fill(false),
    );
  });

  it('serves a direct local peer without a token', () => {
    expect(metricsAllowed('127.0.0.1', {}, undefined)).toBe(true);
    expect(metricsAllowed('::1', {}, TOKEN)).toBe(true);
  });

  it('refuses a request a local proxy passed on (X-Forwarded-For or Forwarded), whatever address it names', () => {
    expect(metricsAllowed('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' }, undefined)).toBe(false);
    expect(metricsAllowed('127.0.0.1', { 'x-forwarded-for': '127.0.0.1' }, undefined)).toBe(false);
    expect(metricsAllowed('127.0.0.1', { forwarded: 'for=127.0.0.1' }, TOKEN)).toBe(false);
    expect(metricsAllowed('10.1.1.1', {}, undefined)).toBe(false);
  });

  it('serves anyone with METRICS_TOKEN as the Basic password, and only with that token', () => {
    const proxied = { 'x-forwarded-for': '203.0.113.9' };
    expect(metricsAllowed('127.0.0.1', { ...proxied, authorization: basic('metrics', TOKEN) }, TOKEN)).toBe(true);
    expect(metricsAllowed('10.1.1.1', { authorization: basic('', TOKEN) }, TOKEN)).toBe(true);
    expect(metricsAllowed('10.1.1.1', { authorization: basic('metrics', `${TOKEN}x`) }, TOKEN)).toBe(false);
    expect(metricsAllowed('10.1.1.1', { authorization: basic('metrics', TOKEN.slice(1)) }, TOKEN)).toBe(false);
    expect(metricsAllowed('10.1.1.1', { authorization: `Bearer ${TOKEN}` }, TOKEN)).toBe(false);
    // No token configured: a remote caller has nothing that opens it.
    expect(metricsAllowed('10.1.1.1', { authorization: basic('metrics', '') }, undefined)).toBe(false);
  });
});
