import { describe, expect, it } from 'vitest';
import { ZChangePasswordRequest } from './account.contract.js';
import { passwordProblem } from './password-policy.js';

describe('the password policy', () => {
  it('asks for 10 to 128 characters, counted as characters, not UTF-16 units', () => {
    expect(passwordProblem('abc-12345')).toBe('lw.passwordTooShort');
    expect(passwordProblem('abc-123456')).toBeNull();
    expect(passwordProblem('终身学习推进周2027')).toBeNull();
    expect(passwordProblem('😀😀😀😀😀1234')).toBe('lw.passwordTooShort');
    expect(passwordProblem(`a1${'x'.repeat(127)}`)).toBe('lw.passwordTooLong');
  });

  it('asks for two of letters, digits and other characters', () => {
    expect(passwordProblem('1234567890')).toBe('lw.passwordOneKind');
    expect(passwordProblem('abcdefghijk')).toBe('lw.passwordOneKind');
    expect(passwordProblem('终身学习推进周全民学习')).toBe('lw.passwordOneKind');
    expect(passwordProblem('!!!!!!!!!!')).toBe('lw.passwordOneKind');
    expect(passwordProblem('abcdefghij!')).toBeNull();
  });

  it('refuses a password containing the username, whatever the case', () => {
    expect(passwordProblem('Coord-XB-S001-2027', 'coord-xb-s001')).toBe('lw.passwordHasUsername');
    expect(passwordProblem('Chunjiang-2027', 'coord-xb-s001')).toBeNull();
  });

  it('is what the change request’s schema refuses, by field, and it takes the password as typed', () => {
    const r = ZChangePasswordRequest.safeParse({ currentPassword: 'x', newPassword: 'short' });
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['newPassword', 'lw.passwordTooShort']]);
    expect(ZChangePasswordRequest.parse({ currentPassword: ' x ', newPassword: ' Chunjiang-2027 ' })).toEqual({
      currentPassword: ' x ',
      newPassword: ' Chunjiang-2027 ',
    });
  });
});
