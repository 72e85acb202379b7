/**
 * The canonical form of a project as `docker compose config` prints it: `name`, then `services`, `networks`,
 * `volumes`, `configs`, `secrets` (empty sections left out), every key sorted, as YAML or JSON.
 */
import { stringify } from 'yaml';
import type { ComposeProject } from './normalize.js';

/** The canonical model as one plain object. */
export function canonicalModel(project: ComposeProject): Record<string, unknown> {
  const out: Record<string, unknown> = { name: project.name, services: project.services };
  for (const k of ['networks', 'volumes', 'configs', 'secrets'] as const) if (Object.keys(project[k]).length) out[k] = project[k];
  return out;
}

/** The canonical model as YAML text. */
export function canonicalYaml(project: ComposeProject): string {
  // YAML 1.1 quoting, so strings like `yes` and `on` stay strings for 1.1 readers (PyYAML, go-yaml v2) too.
  return stringify(canonicalModel(project), { lineWidth: 0, aliasDuplicateObjects: false, version: '1.1' });
}

/** The canonical model as JSON text (`config --format json`). */
export function canonicalJson(project: ComposeProject): string {
  return `${JSON.stringify(canonicalModel(project), null, 2)}\n`;
}
