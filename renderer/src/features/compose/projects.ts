/**
 * Pure: the Compose projects the page knows — those opened before (the recent list) and those whose
 * containers the engine has (by the com.docker.compose.* labels, so a project brought up by the CLI can be
 * opened again from its files and directory) — and how to name one in compose.* calls.
 */
import type { ContainerSummary } from '../../../../engine/contract/dto';
import type { ComposeProjectInput, RecentComposeProject } from '../../../../engine/contract/compose';

export const LABELS = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  number: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
  configFiles: 'com.docker.compose.project.config_files',
  workingDir: 'com.docker.compose.project.working_dir',
} as const;

export interface ProjectEntry {
  readonly name: string;
  /** Its files (from the recent list, else from its containers' labels); empty when unknown. */
  readonly files: readonly string[];
  readonly workingDir?: string;
  readonly envFiles: readonly string[];
  readonly profiles: readonly string[];
  /** Opened in Berth before (epoch ms), when it was. */
  readonly openedAt?: number;
  /** Its service containers on the engine (one-off containers left out). */
  readonly containerIds: readonly string[];
  readonly running: number;
}

type Containers = { readonly byId: Readonly<Record<string, ContainerSummary>>; readonly ids: readonly string[] };

/** The project's service containers, by service then number. */
export function projectContainers(m: Containers, name: string): ContainerSummary[] {
  return m.ids
    .map((id) => m.byId[id]!)
    .filter((c) => c.labels[LABELS.project] === name && c.labels[LABELS.oneoff] !== 'True')
    .sort(
      (a, b) =>
        (a.labels[LABELS.service] ?? '').localeCompare(b.labels[LABELS.service] ?? '') ||
        Number(a.labels[LABELS.number] ?? 0) - Number(b.labels[LABELS.number] ?? 0) ||
        a.name.localeCompare(b.name),
    );
}

/** Every project known: recent ones first (newest first), then the engine's others by name. */
export function projectList(recent: readonly RecentComposeProject[], m: Containers): ProjectEntry[] {
  const seen = new Map<string, ContainerSummary[]>();
  for (const id of m.ids) {
    const c = m.byId[id]!;
    const p = c.labels[LABELS.project];
    if (!p || c.labels[LABELS.oneoff] === 'True') continue;
    seen.set(p, [...(seen.get(p) ?? []), c]);
  }
  const live = (name: string) => {
    const cs = seen.get(name) ?? [];
    return { containerIds: cs.map((c) => c.id), running: cs.filter((c) => c.state === 'running').length };
  };
  const out: ProjectEntry[] = recent.map((r) => ({
    name: r.name,
    files: r.files,
    workingDir: r.workingDir,
    envFiles: r.envFiles,
    profiles: r.profiles,
    openedAt: r.openedAt,
    ...live(r.name),
  }));
  const known = new Set(out.map((p) => p.name));
  for (const name of [...seen.keys()].sort()) {
    if (known.has(name)) continue;
    const labels = seen.get(name)![0]!.labels;
    const files = (labels[LABELS.configFiles] ?? '').split(',').filter(Boolean);
    const workingDir = labels[LABELS.workingDir] || undefined;
    out.push({ name, files, ...(workingDir ? { workingDir } : {}), envFiles: [], profiles: [], ...live(name) });
  }
  return out;
}

/** The project as compose.* calls name it: its files when known, else its name alone (found by its containers' labels). */
export function projectInput(p: ProjectEntry): ComposeProjectInput {
  if (!p.files.length) return byNameOnly(p.name);
  return {
    files: [...p.files],
    projectName: p.name,
    ...(p.workingDir ? { projectDirectory: p.workingDir } : {}),
    envFiles: [...p.envFiles],
    profiles: [...p.profiles],
  };
}

/**
 * The project by its name alone: no files, and a search for them that starts at the root (where no compose
 * file is), so the engine reads the project from its containers' labels rather than from some file it finds.
 */
export function byNameOnly(name: string): ComposeProjectInput {
  return { files: [], projectName: name, envFiles: [], profiles: [], cwd: '/' };
}

/** "compose.yaml in /srv/shop", or the files in full when they are in several places. */
export function filesText(p: Pick<ProjectEntry, 'files' | 'workingDir'>): string {
  if (!p.files.length) return 'files not known';
  const dir = p.workingDir;
  if (dir && p.files.every((f) => f.startsWith(`${dir}/`))) return `${p.files.map((f) => f.slice(dir.length + 1)).join(', ')} in ${dir}`;
  return p.files.join(', ');
}

/** The id of a service's first running container (lowest number), where its row's Shell opens. */
export function firstRunning(containers: readonly ContainerSummary[], service: string): string | undefined {
  return containers
    .filter((c) => c.labels[LABELS.service] === service && c.state === 'running')
    .sort((a, b) => Number(a.labels[LABELS.number] ?? 0) - Number(b.labels[LABELS.number] ?? 0))[0]?.id;
}
