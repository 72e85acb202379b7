/**
 * The checks a merged project must pass beyond the schema: every service has an image or a build, every name
 * it refers to (services, networks, volumes, secrets, configs) is defined, `depends_on` has no cycle (the cycle
 * is named), and local build contexts and required env files exist.
 */
import { statSync } from 'node:fs';
import { isPlainObject } from './interpolate.js';
import { isRemoteContext } from './service-syntax.js';

type Obj = Record<string, unknown>;

/** Reports a problem at a path of the merged model; the caller places it in the file that wrote it. */
export type Report = (path: ReadonlyArray<string | number>, message: string) => void;

/** The services each service depends on (by `depends_on`), only those that exist. */
export function dependencyGraph(services: Obj): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [name, svc] of Object.entries(services)) {
    const deps = isPlainObject(svc) && isPlainObject(svc.depends_on) ? Object.keys(svc.depends_on) : [];
    graph.set(
      name,
      deps.filter((d) => d in services),
    );
  }
  return graph;
}

/** Each cycle of the graph once, as the list of its services starting from its smallest name. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles = new Map<string, string[]>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): void => {
    state.set(n, 'open');
    stack.push(n);
    for (const d of graph.get(n) ?? []) {
      if (state.get(d) === 'open') {
        const cycle = stack.slice(stack.indexOf(d));
        const start = cycle.indexOf([...cycle].sort()[0]!);
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        cycles.set(rotated.join('\0'), rotated);
      } else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of [...graph.keys()].sort()) if (!state.has(n)) visit(n);
  return [...cycles.values()];
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Run every check on the merged model (active services only); problems go to `report`. */
export function checkProject(model: Obj, report: Report): void {
  const services = isPlainObject(model.services) ? model.services : {};
  const declared = (section: string): Obj => (isPlainObject(model[section]) ? model[section] : {});
  const networks = declared('networks');
  const volumes = declared('volumes');
  for (const [name, raw] of Object.entries(services)) {
    const svc = isPlainObject(raw) ? raw : {};
    const at = (...path: (string | number)[]) => ['services', name, ...path];
    if (svc.image === undefined && svc.build === undefined && svc.provider === undefined) {
      report(at(), `The service "${name}" has neither an image nor a build: give it \`image:\` or \`build:\`.`);
    }
    if (isPlainObject(svc.build) && typeof svc.build.context === 'string' && !isRemoteContext(svc.build.context) && !isDirectory(svc.build.context)) {
      report(at('build'), `The build context ${svc.build.context} of "${name}" is not a directory that exists.`);
    }
    if (isPlainObject(svc.depends_on)) {
      for (const [dep, d] of Object.entries(svc.depends_on)) {
        if (dep in services) continue;
        if (isPlainObject(d) && (d.required === false || d.required === 'false')) continue;
        report(at('depends_on', dep), `"${name}" depends on "${dep}", which is not a service of this project (or not enabled by the active profiles).`);
      }
    }
    if (isPlainObject(svc.networks)) {
      for (const n of Object.keys(svc.networks)) {
        if (n !== 'default' && !(n in networks)) report(at('networks', n), `"${name}" joins the network "${n}", which the top-level networks do not define.`);
      }
    }
    const mode = typeof svc.network_mode === 'string' ? svc.network_mode : '';
    if (mode.startsWith('service:') && !(mode.slice(8) in services)) {
      report(at('network_mode'), `"${name}" shares the network of "${mode.slice(8)}", which is not a service of this project.`);
    }
    (Array.isArray(svc.volumes) ? svc.volumes : []).forEach((v, i) => {
      if (isPlainObject(v) && v.type === 'volume' && typeof v.source === 'string' && v.source && !(v.source in volumes)) {
        report(at('volumes', i), `"${name}" mounts the volume "${v.source}", which the top-level volumes do not define.`);
      }
    });
    for (const kind of ['secrets', 'configs'] as const) {
      (Array.isArray(svc[kind]) ? (svc[kind] as unknown[]) : []).forEach((s, i) => {
        const source = isPlainObject(s) ? String(s.source) : String(s);
        if (!(source in declared(kind))) report(at(kind, i), `"${name}" uses the ${kind.slice(0, -1)} "${source}", which the top-level ${kind} do not define.`);
      });
    }
    (Array.isArray(svc.env_file) ? svc.env_file : []).forEach((e, i) => {
      if (isPlainObject(e) && e.required !== false && e.required !== 'false' && !isFile(String(e.path))) {
        report(at('env_file', i), `The env file ${String(e.path)} of "${name}" does not exist.`);
      }
    });
  }
  for (const cycle of findCycles(dependencyGraph(services))) {
    report(['services', cycle[0]!, 'depends_on'], `depends_on makes a cycle: ${[...cycle, cycle[0]].join(' → ')}; services cannot wait for each other.`);
  }
}
