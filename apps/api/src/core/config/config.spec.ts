import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to the embedded demo on port 3000', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', demo: true, databaseUrl: undefined, jwtTtlSeconds: 28_800 });
    expect(c.jwtSecret).toHaveLength(64);
  });

  it('names the variable of a bad value in one line', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/^invalid PORT="abc": /);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/^invalid DATABASE_URL=/);
    expect(() => loadConfig({ REDIS_URL: 'http://x' })).toThrow(/^invalid REDIS_URL=/);
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/^invalid JWT_SECRET=/);
  });

  it('asks for a JWT secret and turns demo off with a real server', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgresql://h/db' })).toThrow(/JWT_SECRET must be set/);
    const c = loadConfig({ DATABASE_URL: 'postgresql://h/db', JWT_SECRET: 'x'.repeat(32) });
    expect(c.demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgresql://h/db', DEMO: '1' }).demo).toBe(true);
  });
});
