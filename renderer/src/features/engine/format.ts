/** Pure formatting for the Engine page. */

/** "1 h 02 min", "3 min 05 s", "12 s". */
export function formatUptime(sec: number): string {
  const d = Math.floor(sec / 86400);
  const h = Math.floor((sec % 86400) / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = Math.floor(sec % 60);
  const two = (n: number) => String(n).padStart(2, '0');
  if (d) return `${d} d ${h} h`;
  if (h) return `${h} h ${two(m)} min`;
  if (m) return `${m} min ${two(s)} s`;
  return `${s} s`;
}

export { formatBytes } from '../../../../engine/contract/format';
