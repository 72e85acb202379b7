/** Pure helpers of the Registries page. */

/** Most repository rows drawn at once; typing narrows the rest. */
export const SHOWN_REPOSITORIES = 300;

/** Pure: the repositories matching a filter (case-insensitive, every word), at most `limit`, and how many matched. */
export function filterRepositories(all: readonly string[], query: string, limit = SHOWN_REPOSITORIES): { shown: readonly string[]; matched: number } {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = words.length ? all.filter((r) => words.every((w) => r.includes(w))) : all;
  return { shown: matches.slice(0, limit), matched: matches.length };
}

/** Pure: the line under a filtered list: how many are shown, and what to do when some are not. */
export function shownNote(shown: number, matched: number, total: number, query: string): string {
  if (!total) return '';
  if (!matched) return `No repository matches "${query.trim()}".`;
  const plural = (n: number) => `${n} ${n === 1 ? 'repository' : 'repositories'}`;
  if (shown < matched) {
    return matched === total
      ? `Showing the first ${shown} of ${plural(total)}; type to narrow the list.`
      : `Showing the first ${shown} of ${matched} matches; type more to narrow the list.`;
  }
  return matched === total ? plural(total) : `${matched} of ${plural(total)} match`;
}
