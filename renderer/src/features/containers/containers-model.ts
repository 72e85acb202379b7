/** Pure logic of the containers list: applying deltas, filtering, formatting. */
import type { ContainerDelta, ContainerSummary, PortBinding } from '../../../../engine/contract/dto';

export interface ContainersModel {
  readonly byId: Readonly<Record<string, ContainerSummary>>;
  /** Every id, newest first. */
  readonly ids: readonly string[];
  readonly loaded: boolean;
  /** Why the list cannot be shown right now (engine down). */
  readonly unavailable?: string;
  /** The rows of a snapshot still arriving (between `snapshot-begin` and `snapshot-end`). */
  readonly incoming?: Incoming;
}

/**
 * A snapshot in progress. The first one (nothing listed yet) is shown as its
 * pieces arrive, so the first rows paint while the rest are read; a later one
 * (after a reconnect) replaces the list only at its end, so a list on screen
 * never shrinks and grows back.
 */
export interface Incoming {
  readonly byId: Readonly<Record<string, ContainerSummary>>;
  readonly progressive: boolean;
}

export const emptyModel: ContainersModel = { byId: {}, ids: [], loaded: false };

const byNewest = (byId: Readonly<Record<string, ContainerSummary>>) => (a: string, b: string) =>
  byId[b]!.created - byId[a]!.created || byId[a]!.name.localeCompare(byId[b]!.name);

/** Two lists sorted by `cmp` as one sorted list (linear: a piece joins the rows already shown without sorting them again). */
function mergeSorted(a: readonly string[], b: readonly string[], cmp: (x: string, y: string) => number): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(cmp(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

/**
 * Apply one delta. An upsert of a known container replaces only that entry
 * (other entries keep their identity, so their rows do not re-render) and
 * keeps the order unless the container is new.
 */
export function applyDelta(m: ContainersModel, d: ContainerDelta): ContainersModel {
  switch (d.kind) {
    case 'snapshot-begin':
      // Shown as it arrives only while nothing is listed yet (then the list on screen is empty anyway).
      return m.loaded ? { ...m, incoming: { byId: {}, progressive: false } } : { ...m, byId: {}, ids: [], incoming: { byId: {}, progressive: true } };
    case 'snapshot-rows': {
      const incoming = m.incoming ?? { byId: {}, progressive: false };
      const byId: Record<string, ContainerSummary> = { ...incoming.byId };
      const fresh: string[] = [];
      for (const c of d.containers) {
        if (!(c.id in byId)) fresh.push(c.id);
        byId[c.id] = c;
        searchKey(c);
      }
      if (!incoming.progressive) return { ...m, incoming: { ...incoming, byId } };
      // The list on screen is the rows so far, in order: the piece's rows join it by a merge.
      const order = byNewest(byId);
      return { byId, ids: mergeSorted(m.ids, fresh.sort(order), order), loaded: true, unavailable: undefined, incoming: { ...incoming, byId } };
    }
    case 'snapshot-end': {
      const incoming = m.incoming ?? { byId: {}, progressive: false };
      // Every field is set (unavailable too): a store merges what it is given, and a stale "not live" must not survive a fresh snapshot.
      if (incoming.progressive) return { byId: m.byId, ids: m.ids, loaded: true, unavailable: undefined, incoming: undefined };
      const byId: Record<string, ContainerSummary> = {};
      for (const [id, c] of Object.entries(incoming.byId)) byId[id] = m.byId[id] && sameSummary(m.byId[id], c) ? m.byId[id] : c;
      return { byId, ids: Object.keys(byId).sort(byNewest(byId)), loaded: true, unavailable: undefined, incoming: undefined };
    }
    case 'upsert': {
      const known = d.container.id in m.byId;
      const byId = { ...m.byId, [d.container.id]: d.container };
      const ids = known ? m.ids : [...m.ids, d.container.id].sort(byNewest(byId));
      searchKey(d.container);
      const incoming = m.incoming && { ...m.incoming, byId: { ...m.incoming.byId, [d.container.id]: d.container } };
      return { ...m, byId, ids, unavailable: undefined, incoming };
    }
    case 'remove': {
      const incoming = m.incoming && d.id in m.incoming.byId ? { ...m.incoming, byId: without(m.incoming.byId, d.id) } : m.incoming;
      if (!(d.id in m.byId)) return incoming === m.incoming ? m : { ...m, incoming };
      return { ...m, byId: without(m.byId, d.id), ids: m.ids.filter((id) => id !== d.id), incoming };
    }
    case 'unavailable':
      return { ...m, unavailable: d.reason };
  }
}

function without(byId: Readonly<Record<string, ContainerSummary>>, id: string): Record<string, ContainerSummary> {
  const { [id]: _gone, ...rest } = byId;
  return rest;
}

function sameSummary(a: ContainerSummary, b: ContainerSummary): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The container an address names: by name first (as docker does), then by id prefix. */
export function findContainer(all: readonly ContainerSummary[], ref: string): ContainerSummary | undefined {
  return all.find((c) => c.name === ref) ?? (ref.length >= 4 ? all.find((c) => c.id.startsWith(ref)) : undefined);
}

export interface ContainerFilter {
  readonly query: string;
  readonly runningOnly: boolean;
}

/**
 * What a query is matched against, lower-cased once per row object (rows are
 * replaced, never changed, so a row's key is made when it arrives and dropped
 * with it): name, image and each label's key=value, apart by a NUL.
 */
const searchKeys = new WeakMap<ContainerSummary, string>();
const SEPARATOR = '\0';

/** The row's prepared search key (made on first use). */
export function searchKey(c: ContainerSummary): string {
  let key = searchKeys.get(c);
  if (key === undefined) {
    const parts = [c.name.toLowerCase(), c.image.toLowerCase()];
    for (const k in c.labels) parts.push(`${k}=${c.labels[k]}`.toLowerCase());
    key = parts.join(SEPARATOR);
    searchKeys.set(c, key);
  }
  return key;
}

/** A list's search keys in list order, made once per list (from the keys prepared with each row). */
interface Prepared {
  readonly ids: readonly string[];
  readonly byId: ContainersModel['byId'];
  readonly keys: readonly string[];
}
let prepared: Prepared | undefined;

function keysOf(m: ContainersModel): readonly string[] {
  if (prepared?.ids !== m.ids || prepared.byId !== m.byId) prepared = { ids: m.ids, byId: m.byId, keys: m.ids.map((id) => searchKey(m.byId[id]!)) };
  return prepared.keys;
}

/** Whether the row at `i` matches a trimmed, lower-cased, non-empty query: found in name, image or a label's key=value, or an id prefix. */
function matchesAt(m: ContainersModel, keys: readonly string[], i: number, q: string): boolean {
  if (m.ids[i]!.startsWith(q)) return true;
  if (!q.includes(SEPARATOR)) return keys[i]!.includes(q);
  // A query holding the separator could match across two parts of the key: look at the fields themselves (never typed, but possible).
  const c = m.byId[m.ids[i]!]!;
  return [c.name, c.image, ...Object.entries(c.labels).map(([k, v]) => `${k}=${v}`)].some((f) => f.toLowerCase().includes(q));
}

interface Filtering {
  readonly ids: readonly string[];
  readonly byId: ContainersModel['byId'];
  readonly q: string;
  readonly runningOnly: boolean;
  /** Positions in `ids` of the rows shown. */
  readonly at: readonly number[];
  readonly result: readonly string[];
}

/**
 * The last two filterings (a page filtering with a deferred query asks for the
 * one before the keystroke and the one after, in turns), so asking again gives
 * the same array, and typing one more character only narrows an answer.
 */
let recent: readonly Filtering[] = [];

/**
 * Ids matching the filter: running only, and a query found in name, image, id
 * prefix or a label's key=value (case-insensitive). The same array again for
 * the same list and filter, and for a narrower query that left every row in,
 * so a list that did not change is not drawn again.
 */
export function filterIds(m: ContainersModel, f: ContainerFilter): readonly string[] {
  const q = f.query.trim().toLowerCase();
  const same = recent.filter((r) => r.ids === m.ids && r.byId === m.byId && r.runningOnly === f.runningOnly);
  const hit = same.find((r) => r.q === q);
  if (hit) return hit.result;
  // Every row matching "abc" matches "ab" too (an id prefix, or a part holding it): only those need a look.
  const wider = same.filter((r) => q.startsWith(r.q)).sort((a, b) => b.q.length - a.q.length)[0];
  const keys = keysOf(m);
  const found: number[] = [];
  if (wider) {
    for (const i of wider.at) if (matchesAt(m, keys, i, q)) found.push(i);
  } else {
    for (let i = 0; i < m.ids.length; i++) {
      if (f.runningOnly && m.byId[m.ids[i]!]!.state !== 'running') continue;
      if (!q || matchesAt(m, keys, i, q)) found.push(i);
    }
  }
  const kept = wider && found.length === wider.at.length ? wider : undefined;
  const at = kept ? kept.at : found;
  const result = kept ? kept.result : found.map((i) => m.ids[i]!);
  recent = [{ ids: m.ids, byId: m.byId, q, runningOnly: f.runningOnly, at, result }, ...recent].slice(0, 2);
  return result;
}

/** "9 containers", or "3 of 1,209 containers" while a filter hides some. */
export function countText(shown: number, total: number): string {
  const n = (v: number) => v.toLocaleString('en-US');
  const noun = total === 1 ? 'container' : 'containers';
  return shown === total ? `${n(total)} ${noun}` : `${n(shown)} of ${n(total)} ${noun}`;
}

/** "127.0.0.1:8080→80/tcp", or "80/tcp" when not published. */
export function formatPort(p: PortBinding): string {
  const inside = `${p.privatePort}/${p.type}`;
  if (!p.publicPort) return inside;
  const ip = p.ip === '0.0.0.0' || p.ip === '::' || !p.ip ? '' : `${p.ip.includes(':') ? `[${p.ip}]` : p.ip}:`;
  return `${ip}${p.publicPort}→${inside}`;
}

/** Published ports once each (Docker lists IPv4 and IPv6 bindings separately). */
export function uniquePorts(ports: readonly PortBinding[]): PortBinding[] {
  const seen = new Set<string>();
  return ports.filter((p) => {
    const key = `${p.publicPort ?? ''}/${p.privatePort}/${p.type}/${p.ip === '::' ? '0.0.0.0' : (p.ip ?? '')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const COMPOSE_PROJECT = 'com.docker.compose.project';
export const COMPOSE_SERVICE = 'com.docker.compose.service';

/** A row of the list: a Compose application, or a container (inside an application when `project` is set). */
export type ListItem =
  | { readonly kind: 'group'; readonly key: string; readonly project: string; readonly ids: readonly string[] }
  | { readonly kind: 'container'; readonly key: string; readonly id: string; readonly project?: string };

/**
 * Pure: the visible ids (in list order) as rows, Compose projects grouped
 * where their newest container stands; a group's containers follow it when
 * it is expanded (or when `expandAll`, e.g. while searching).
 */
export function groupItems(m: ContainersModel, visible: readonly string[], expanded: ReadonlySet<string>, expandAll = false): ListItem[] {
  const members = new Map<string, string[]>();
  for (const id of visible) {
    const project = m.byId[id]!.labels[COMPOSE_PROJECT];
    if (!project) continue;
    const list = members.get(project);
    if (list) list.push(id);
    else members.set(project, [id]);
  }
  const items: ListItem[] = [];
  const placed = new Set<string>();
  for (const id of visible) {
    const project = m.byId[id]!.labels[COMPOSE_PROJECT];
    if (!project) {
      items.push({ kind: 'container', key: id, id });
      continue;
    }
    if (placed.has(project)) continue;
    placed.add(project);
    const ids = members.get(project)!;
    items.push({ kind: 'group', key: `group:${project}`, project, ids });
    if (expandAll || expanded.has(project)) {
      const byService = [...ids].sort((a, b) => (m.byId[a]!.labels[COMPOSE_SERVICE] ?? '').localeCompare(m.byId[b]!.labels[COMPOSE_SERVICE] ?? ''));
      for (const i of byService) items.push({ kind: 'container', key: i, id: i, project });
    }
  }
  return items;
}
