import { randomInt } from 'node:crypto';

/** An initial or one-time password a person can read out on the phone: no 0/O, 1/l/I. Changed at the first sign-in. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const initialPassword = (): string => Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
