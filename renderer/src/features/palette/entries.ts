/**
 * The palette's entries (pure): one for each page, container, image, volume, network and kept build, and the
 * actions on them, made from what the other features' stores hold. An entry is data: what it says and what it
 * does (`action`); the palette's store carries the action out through the stores that own it.
 */
import type { BuildSummary } from '../../../../engine/contract/builds';
import type { ContainerSummary, ImageSummary, NetworkSummary, VolumeSummary } from '../../../../engine/contract/dto';
import type { Route } from '../../app/router';

export type EntryKind = 'page' | 'container' | 'action' | 'image' | 'volume' | 'network' | 'build';

/** The kinds in the order their groups are listed when nothing is typed, with the label each group shows. */
export const KINDS: ReadonlyArray<{ readonly kind: EntryKind; readonly label: string }> = [
  { kind: 'container', label: 'Containers' },
  { kind: 'action', label: 'Actions' },
  { kind: 'image', label: 'Images' },
  { kind: 'page', label: 'Pages' },
  { kind: 'volume', label: 'Volumes' },
  { kind: 'network', label: 'Networks' },
  { kind: 'build', label: 'Builds' },
];

export type PaletteAction =
  | { readonly t: 'page'; readonly route: Route }
  | { readonly t: 'container'; readonly id: string }
  | { readonly t: 'shell'; readonly id: string }
  | { readonly t: 'act'; readonly ids: readonly string[]; readonly action: 'start' | 'stop' | 'restart' }
  | { readonly t: 'layers'; readonly image: string }
  | { readonly t: 'run'; readonly image: string }
  | { readonly t: 'volume'; readonly name: string }
  | { readonly t: 'network'; readonly name: string }
  | { readonly t: 'build'; readonly id: string }
  | { readonly t: 'prune-build-cache' };

export interface PaletteEntry {
  /** Stable across openings (what the recent list keeps). */
  readonly id: string;
  readonly kind: EntryKind;
  /** What is matched and shown. */
  readonly title: string;
  /** A second, quieter line: what it is or what it does. */
  readonly detail?: string;
  readonly action: PaletteAction;
}

/** What the entries are made from: each list as its store holds it (undefined while not read yet). */
export interface EntrySources {
  /** The app's pages, in the sidebar's order. */
  readonly pages: readonly Route[];
  readonly containers: readonly ContainerSummary[];
  /** Whether the engine is reachable now: actions on containers are offered only then. */
  readonly live: boolean;
  readonly images?: readonly ImageSummary[];
  readonly volumes?: readonly VolumeSummary[];
  readonly networks?: readonly NetworkSummary[];
  readonly builds?: readonly BuildSummary[];
}

/** A page's name as the sidebar shows it. */
export const pageTitle = (route: Route) => `${route[0]!.toUpperCase()}${route.slice(1)}`;

const UP = new Set(['running', 'paused', 'restarting']);

function containerEntries(c: ContainerSummary, live: boolean): PaletteEntry[] {
  const out: PaletteEntry[] = [
    { id: `container:${c.id}`, kind: 'container', title: c.name, detail: `${c.state} · ${c.image}`, action: { t: 'container', id: c.id } },
  ];
  if (!live) return out;
  const act = (action: 'start' | 'stop' | 'restart', verb: string): PaletteEntry => ({
    id: `${action}:${c.id}`,
    kind: 'action',
    title: `${verb} ${c.name}`,
    detail: `Container · ${c.state}`,
    action: { t: 'act', ids: [c.id], action },
  });
  if (c.state === 'running') {
    out.push({ id: `shell:${c.id}`, kind: 'action', title: `Open a shell in ${c.name}`, detail: 'Terminal', action: { t: 'shell', id: c.id } });
  }
  if (UP.has(c.state)) out.push(act('stop', 'Stop'), act('restart', 'Restart'));
  else out.push(act('start', 'Start'));
  return out;
}

function imageEntries(tag: string, image: ImageSummary): PaletteEntry[] {
  return [
    { id: `image:${tag}`, kind: 'image', title: tag, detail: 'Browse its layers', action: { t: 'layers', image: tag } },
    {
      id: `run:${tag}`,
      kind: 'action',
      title: `Run ${tag}…`,
      detail: `Image ${image.id.replace(/^sha256:/, '').slice(0, 12)}`,
      action: { t: 'run', image: tag },
    },
  ];
}

function buildTitle(b: BuildSummary): string {
  const where = b.context.split(/[\\/]/).filter(Boolean).pop() ?? b.context;
  return b.tags.length ? `Build of ${b.tags.join(', ')}` : `Build of ${where}`;
}

/** The Compose label naming a container's project (as the containers feature groups them). */
const COMPOSE_PROJECT = 'com.docker.compose.project';

/** "Stop all in shop", "Start all in shop", "Restart all in shop": one entry each for a project's containers. */
function projectEntries(containers: readonly ContainerSummary[]): PaletteEntry[] {
  const projects = new Map<string, ContainerSummary[]>();
  for (const c of containers) {
    const p = c.labels[COMPOSE_PROJECT];
    if (p) projects.set(p, [...(projects.get(p) ?? []), c]);
  }
  const out: PaletteEntry[] = [];
  for (const [project, members] of [...projects].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const up = members.filter((c) => UP.has(c.state));
    const down = members.filter((c) => !UP.has(c.state));
    const count = (n: number) => `${n} container${n === 1 ? '' : 's'}`;
    const entry = (action: 'start' | 'stop' | 'restart', verb: string, ids: readonly ContainerSummary[]): PaletteEntry => ({
      id: `${action}-project:${project}`,
      kind: 'action',
      title: `${verb} all in ${project}`,
      detail: `Compose project · ${count(ids.length)}`,
      action: { t: 'act', ids: ids.map((c) => c.id), action },
    });
    if (down.length) out.push(entry('start', 'Start', down));
    if (up.length) out.push(entry('stop', 'Stop', up), entry('restart', 'Restart', up));
  }
  return out;
}

/** Every entry the sources give, in a fixed order (pages, then each container and its actions, images, volumes, networks, builds). */
export function buildEntries(s: EntrySources): PaletteEntry[] {
  const out: PaletteEntry[] = s.pages.map((route) => ({
    id: `page:${route}`,
    kind: 'page' as const,
    title: pageTitle(route),
    detail: 'Page',
    action: { t: 'page' as const, route },
  }));
  for (const c of s.containers) out.push(...containerEntries(c, s.live));
  if (s.live) {
    out.push(...projectEntries(s.containers));
    out.push({
      id: 'prune-build-cache',
      kind: 'action',
      title: 'Prune build cache…',
      detail: 'Dashboard · lists what it deletes before anything goes',
      action: { t: 'prune-build-cache' },
    });
  }
  for (const image of s.images ?? []) for (const tag of image.tags) if (!tag.endsWith('<none>')) out.push(...imageEntries(tag, image));
  for (const v of s.volumes ?? []) {
    if (v.anonymous) continue;
    out.push({
      id: `volume:${v.name}`,
      kind: 'volume',
      title: v.name,
      detail: v.usedBy.length ? `Volume · used by ${v.usedBy.map((u) => u.name).join(', ')}` : 'Volume · unused',
      action: { t: 'volume', name: v.name },
    });
  }
  for (const n of s.networks ?? [])
    out.push({ id: `network:${n.name}`, kind: 'network', title: n.name, detail: `Network · ${n.driver}`, action: { t: 'network', name: n.name } });
  for (const b of s.builds ?? []) {
    out.push({
      id: `build:${b.id}`,
      kind: 'build',
      title: buildTitle(b),
      detail: `Build · ${b.result} · ${new Date(b.startedAt).toLocaleString()}`,
      action: { t: 'build', id: b.id },
    });
  }
  return out;
}
