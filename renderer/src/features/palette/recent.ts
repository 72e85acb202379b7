/** The palette's recently used entries (pure helpers), kept in this browser's localStorage as a JSON array of ids. */

/** How many recent entries are kept. */
export const MAX_RECENT = 8;

/** The list after using `id`: it moves to the front, once, and the oldest fall off. */
export function pushRecent(list: readonly string[], id: string, max = MAX_RECENT): string[] {
  return [id, ...list.filter((x) => x !== id)].slice(0, max);
}

/** The list kept in storage; anything unreadable is an empty list. */
export function parseRecent(raw: string | null, max = MAX_RECENT): string[] {
  if (!raw) return [];
  try {
    const v: unknown = JSON.parse(raw);
    if (!Array.isArray(v)) return [];
    const ids = v.filter((x): x is string => typeof x === 'string' && x.length > 0 && x.length < 512);
    return [...new Set(ids)].slice(0, max);
  } catch {
    return [];
  }
}
