/** Keeping the objects of a live list that did not change, so rows that select their own item re-render only when it changed. */

/** Pure: plain data (what the engine's watch streams send) equal in every field. */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Pure: the new list with every item equal to the one held under its key
 * replaced by that held object, and the items by key (the gone ones left out).
 */
export function keepUnchanged<T>(
  held: Readonly<Record<string, T>>,
  next: readonly T[],
  keyOf: (item: T) => string,
): { items: readonly T[]; byKey: Readonly<Record<string, T>> } {
  const byKey: Record<string, T> = {};
  const items = next.map((item) => {
    const key = keyOf(item);
    const old = held[key];
    const kept = old !== undefined && sameData(old, item) ? old : item;
    byKey[key] = kept;
    return kept;
  });
  return { items, byKey };
}
