/**
 * What the palette lists for a query (pure): the entries that match, best first, cut to a limit and grouped by
 * kind — the groups in the order of their best entry, so the best match is always the first option. With
 * nothing typed, the recently used entries come first (most recent first), then every kind in its usual order.
 * The order is fully determined by the entries, the query and the recent list.
 */
import { fuzzyMatch } from './fuzzy';
import { KINDS, type EntryKind, type PaletteEntry } from './entries';

/** At most this many options are shown. */
export const MAX_RESULTS = 50;

export interface Result {
  readonly entry: PaletteEntry;
  /** Matched characters of the title, for highlighting. */
  readonly positions: readonly number[];
}

export interface ResultGroup {
  /** The kind, or 'recent' for the recently used entries. */
  readonly key: EntryKind | 'recent';
  readonly label: string;
  readonly results: readonly Result[];
}

export interface Results {
  readonly groups: readonly ResultGroup[];
  /** The options in the order shown (the groups' results one after another): what the arrow keys walk. */
  readonly flat: readonly Result[];
  /** How many entries matched (more than shown when over the limit). */
  readonly matched: number;
}

const KIND_ORDER = new Map(KINDS.map((k, i) => [k.kind, i]));
const LABEL = new Map(KINDS.map((k) => [k.kind, k.label]));

/** Plain code-unit comparison: the same on every machine and locale. */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function grouped(ranked: readonly Result[]): ResultGroup[] {
  const groups = new Map<EntryKind, Result[]>();
  for (const r of ranked) {
    const list = groups.get(r.entry.kind);
    if (list) list.push(r);
    else groups.set(r.entry.kind, [r]);
  }
  return [...groups].map(([kind, results]) => ({ key: kind, label: LABEL.get(kind)!, results }));
}

function resultsOf(groups: readonly ResultGroup[], matched: number): Results {
  return { groups, flat: groups.flatMap((g) => g.results), matched };
}

/** The options for `query` among `entries`, given the ids of recently used entries (most recent first). */
export function paletteResults(entries: readonly PaletteEntry[], query: string, recent: readonly string[], limit = MAX_RESULTS): Results {
  const recency = new Map(recent.map((id, i) => [id, i]));
  if (!query.trim()) {
    const byId = new Map(entries.map((e) => [e.id, e]));
    const recentResults = recent.flatMap((id) => (byId.has(id) ? [{ entry: byId.get(id)!, positions: [] }] : []));
    const rest = entries
      .filter((e) => !recency.has(e.id))
      .map((entry, i) => ({ entry, i }))
      .sort((a, b) => KIND_ORDER.get(a.entry.kind)! - KIND_ORDER.get(b.entry.kind)! || a.i - b.i)
      .map(({ entry }) => ({ entry, positions: [] }));
    const shown = [...recentResults, ...rest].slice(0, limit);
    const recentShown = shown.slice(0, recentResults.length);
    const groups: ResultGroup[] = recentShown.length ? [{ key: 'recent', label: 'Recent', results: recentShown }] : [];
    return resultsOf([...groups, ...grouped(shown.slice(recentResults.length))], entries.length);
  }
  const scored: Array<{ entry: PaletteEntry; positions: readonly number[]; score: number }> = [];
  for (const entry of entries) {
    const m = fuzzyMatch(query, entry.title);
    if (m) scored.push({ entry, positions: m.positions, score: m.score });
  }
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      (recency.get(a.entry.id) ?? Infinity) - (recency.get(b.entry.id) ?? Infinity) ||
      a.entry.title.length - b.entry.title.length ||
      KIND_ORDER.get(a.entry.kind)! - KIND_ORDER.get(b.entry.kind)! ||
      compareText(a.entry.title, b.entry.title) ||
      compareText(a.entry.id, b.entry.id),
  );
  const shown = scored.slice(0, limit).map(({ entry, positions }) => ({ entry, positions }));
  return resultsOf(grouped(shown), scored.length);
}
