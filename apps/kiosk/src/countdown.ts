/** "HH:MM:SS" until `target` (days prefixed when more than one), or null once it has passed. */
export function countdown(target: Date, now: Date): string | null {
  const ms = target.getTime() - now.getTime();
  if (ms <= 0) return null;
  const s = Math.floor(ms / 1000);
  const days = Math.floor(s / 86_400);
  const hms = [Math.floor((s % 86_400) / 3_600), Math.floor((s % 3_600) / 60), s % 60].map((n) => String(n).padStart(2, '0')).join(':');
  return days > 0 ? `${days}天 ${hms}` : hms;
}
