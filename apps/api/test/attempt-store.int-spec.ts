import { describe } from 'vitest';
import { RedisAttemptStore } from '../src/modules/auth/attempt-store.js';
import { attemptStoreCases } from './attempt-store-cases.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

// The same cases as the unit test of MemoryAttemptStore: the Lua scripts on a real Redis agree with it.
describe('throttling sign-ins in Redis', () => {
  attemptStoreCases((index) => RedisAttemptStore.connect(REDIS_URL, index));
});
