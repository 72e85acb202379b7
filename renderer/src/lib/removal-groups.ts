/**
 * What a destructive bulk action removes, grouped by Compose project (the
 * `com.docker.compose.project` label) so a confirmation can say that a whole
 * application, or part of one, goes with it.
 */

export const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';

export interface RemovalItem {
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface RemovalGroup {
  /** The Compose project; undefined for what belongs to none. */
  readonly project?: string;
  readonly names: readonly string[];
}

/** Pure: names grouped by Compose project, projects by name first, then the rest; names sorted within each. */
export function groupForRemoval(items: readonly RemovalItem[]): RemovalGroup[] {
  const byProject = new Map<string, string[]>();
  const loose: string[] = [];
  for (const item of items) {
    const project = item.labels?.[COMPOSE_PROJECT_LABEL];
    if (project) (byProject.get(project) ?? byProject.set(project, []).get(project)!).push(item.name);
    else loose.push(item.name);
  }
  const sort = (names: string[]) => names.sort((a, b) => a.localeCompare(b));
  const groups: RemovalGroup[] = [...byProject.keys()].sort((a, b) => a.localeCompare(b)).map((project) => ({ project, names: sort(byProject.get(project)!) }));
  if (loose.length) groups.push({ names: sort(loose) });
  return groups;
}

/** Pure: "1 container", "3 containers". */
export function countOf(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
