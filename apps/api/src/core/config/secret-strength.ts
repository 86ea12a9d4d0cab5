/** Values that were shown as examples (in .env.example and the docs): known to everyone. */
export const EXAMPLE_SECRETS: readonly string[] = ['change-me-to-a-long-random-string-of-32-chars'];

export const MIN_SECRET_BYTES = 32;

/**
 * Why a signing secret is too weak to protect a real deployment, or undefined when it is not.
 * Anyone who can guess the secret can forge an organizer's token, so in production we refuse:
 * the example value, fewer than 32 bytes, and strings whose characters carry little entropy
 * (few distinct characters, a repeated pattern, a run like "abcdef…", a low Shannon estimate).
 *
 * The thresholds leave real random secrets alone: 32 hex characters (16 random bytes) show
 * fewer than 12 distinct characters about once in 60, so the distinct-character floor is 8
 * (fewer than 8: about once in 30 million), and the entropy floor of 64 bits is far below the ~90 bits such
 * a string shows at worst.
 */
export function secretWeakness(secret: string): string | undefined {
  if (EXAMPLE_SECRETS.includes(secret)) return 'it is the example value from .env.example';
  const bytes = Buffer.byteLength(secret, 'utf8');
  if (bytes < MIN_SECRET_BYTES) return `it is ${bytes} bytes long, shorter than ${MIN_SECRET_BYTES}`;
  const chars = [...secret];
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  if (counts.size < 8) return `it uses only ${counts.size} distinct character${counts.size === 1 ? '' : 's'}`;
  const period = repeatingPeriod(chars);
  if (period !== undefined) return `it repeats a pattern of ${period} characters`;
  let steps = 0;
  for (let i = 1; i < chars.length; i++) if (Math.abs(chars[i]!.codePointAt(0)! - chars[i - 1]!.codePointAt(0)!) === 1) steps += 1;
  if (steps * 2 >= chars.length - 1) return 'it is mostly a run of consecutive characters';
  let bits = 0;
  for (const n of counts.values()) bits -= n * Math.log2(n / chars.length);
  if (bits < 64) return `it carries about ${Math.floor(bits)} bits of entropy, fewer than 64`;
  return undefined;
}

/** The shortest p ≤ length/2 with chars[i] = chars[i - p] throughout ("abcabcab" → 3). */
function repeatingPeriod(chars: string[]): number | undefined {
  for (let p = 1; p * 2 <= chars.length; p++) {
    let periodic = true;
    for (let i = p; i < chars.length && periodic; i++) periodic = chars[i] === chars[i - p];
    if (periodic) return p;
  }
  return undefined;
}
