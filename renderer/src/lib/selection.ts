/** Pure helpers for the list's selection. */

/** Toggle one id in a selection, returning a new set. */
export function toggle(selected: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(selected);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/** Keep only ids still present (after containers go away). */
export function prune(selected: ReadonlySet<string>, present: Readonly<Record<string, unknown>>): ReadonlySet<string> {
  let changed = false;
  const next = new Set<string>();
  for (const id of selected) {
    if (id in present) next.add(id);
    else changed = true;
  }
  return changed ? next : selected;
}

/** One sentence for the failures of a batch: "web: is already running; db: No such container". */
export function failureSummary(results: ReadonlyArray<{ id: string; ok: boolean; error?: string }>, nameOf: (id: string) => string): string | undefined {
  const failed = results.filter((r) => !r.ok);
  if (!failed.length) return undefined;
  return failed.map((r) => `${nameOf(r.id)}: ${r.error ?? 'failed'}`).join('; ');
}
