import { beforeEach, describe, expect, it } from 'vitest';
import { takeWallToken, WALL_TOKEN_KEY } from '../src/wall/wall-token';

describe('the wall token', () => {
  beforeEach(() => {
    localStorage.clear();
    history.replaceState(null, '', '/kiosk/');
  });

  it('is taken from the link once, kept, and removed from the address bar', () => {
    history.replaceState(null, '', '/kiosk/?token=kiosk_abc123&lang=en#top');
    expect(takeWallToken()).toBe('kiosk_abc123');
    expect(location.pathname + location.search + location.hash).toBe('/kiosk/?lang=en#top');
    expect(localStorage.getItem(WALL_TOKEN_KEY)).toBe('kiosk_abc123');
  });

  it('is found again after a reload without the token in the address', () => {
    history.replaceState(null, '', '/kiosk/?token=kiosk_abc123');
    takeWallToken();
    history.replaceState(null, '', '/kiosk/');
    expect(takeWallToken()).toBe('kiosk_abc123');
    expect(location.search).toBe('');
  });

  it('is replaced by a newer link', () => {
    localStorage.setItem(WALL_TOKEN_KEY, 'kiosk_old');
    history.replaceState(null, '', '/kiosk/?token=kiosk_new');
    expect(takeWallToken()).toBe('kiosk_new');
    expect(localStorage.getItem(WALL_TOKEN_KEY)).toBe('kiosk_new');
  });

  it('stays in the address when the browser refuses to store it', () => {
    const refusing = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    history.replaceState(null, '', '/kiosk/?token=kiosk_abc123');
    expect(takeWallToken(location, refusing)).toBe('kiosk_abc123');
    expect(location.search).toBe('?token=kiosk_abc123');
  });

  it('is empty when neither the link nor the browser has one', () => {
    expect(takeWallToken()).toBe('');
  });
});
