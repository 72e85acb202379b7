/** Pure logic of the containers list: applying deltas, filtering, formatting. */
import type { ContainerDelta, ContainerSummary, PortBinding } from '../../../../engine/contract/dto';

export interface ContainersModel {
  readonly byId: Readonly<Record<string, ContainerSummary>>;
  /** Every id, newest first. */
  readonly ids: readonly string[];
  readonly loaded: boolean;
  /** Why the list cannot be shown right now (engine down). */
  readonly unavailable?: string;
}

export const emptyModel: ContainersModel = { byId: {}, ids: [], loaded: false };

const byNewest = (byId: Readonly<Record<string, ContainerSummary>>) => (a: string, b: string) =>
  byId[b]!.created - byId[a]!.created || byId[a]!.name.localeCompare(byId[b]!.name);

/**
 * Apply one delta. An upsert of a known container replaces only that entry
 * (other entries keep their identity, so their rows do not re-render) and
 * keeps the order unless the container is new.
 */
export function applyDelta(m: ContainersModel, d: ContainerDelta): ContainersModel {
  switch (d.kind) {
    case 'snapshot': {
      const byId: Record<string, ContainerSummary> = {};
      for (const c of d.containers) byId[c.id] = m.byId[c.id] && sameSummary(m.byId[c.id]!, c) ? m.byId[c.id]! : c;
      // Every field is set (unavailable too): a store merges what it is given, and a stale "not live" must not survive a fresh snapshot.
      return { byId, ids: Object.keys(byId).sort(byNewest(byId)), loaded: true, unavailable: undefined };
    }
    case 'upsert': {
      const known = d.container.id in m.byId;
      const byId = { ...m.byId, [d.container.id]: d.container };
      const ids = known ? m.ids : [...m.ids, d.container.id].sort(byNewest(byId));
      return { ...m, byId, ids, unavailable: undefined };
    }
    case 'remove': {
      if (!(d.id in m.byId)) return m;
      const { [d.id]: _gone, ...byId } = m.byId;
      return { ...m, byId, ids: m.ids.filter((id) => id !== d.id) };
    }
    case 'unavailable':
      return { ...m, unavailable: d.reason };
  }
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

/** Ids matching the filter: running only, and a query found in name, image, id prefix or a label's key=value (case-insensitive). */
export function filterIds(m: ContainersModel, f: ContainerFilter): string[] {
  const q = f.query.trim().toLowerCase();
  return m.ids.filter((id) => {
    const c = m.byId[id]!;
    if (f.runningOnly && c.state !== 'running') return false;
    if (!q) return true;
    return (
      c.name.toLowerCase().includes(q) ||
      c.image.toLowerCase().includes(q) ||
      c.id.startsWith(q) ||
      Object.entries(c.labels).some(([k, v]) => `${k}=${v}`.toLowerCase().includes(q))
    );
  });
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
    if (project) members.set(project, [...(members.get(project) ?? []), id]);
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
