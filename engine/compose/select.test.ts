import { describe, expect, it } from 'vitest';
import type { ComposeProject } from './normalize.js';
import { planUp, type EngineState } from './plan.js';
import { selectServices, unknownServices, withDependencies } from './select.js';

const dep = (condition = 'service_started') => ({ condition, required: true });

/** A three-tier project: web needs api, api needs db and a one-shot migrate; cache stands alone. */
const project: ComposeProject = {
  name: 'p',
  workingDir: '/p',
  configFiles: ['/p/compose.yaml'],
  profiles: [],
  services: {
    api: {
      image: 'api:1',
      networks: { back: null, default: null },
      depends_on: { db: dep('service_healthy'), migrate: dep('service_completed_successfully') },
    },
    cache: { image: 'cache:1', networks: { default: null }, volumes: [{ type: 'volume', source: 'cached', target: '/c' }] },
    db: {
      image: 'db:1',
      networks: { back: null },
      volumes: [
        { type: 'volume', source: 'data', target: '/data' },
        { type: 'bind', source: '/p/x', target: '/x' },
      ],
    },
    migrate: { image: 'db:1', networks: { back: null } },
    web: { image: 'web:1', networks: { default: null }, depends_on: { api: dep() } },
  },
  disabledServices: { debug: { image: 'busybox', profiles: ['tools', 'dev'] } },
  networks: { back: { name: 'p_back' }, default: { name: 'p_default' } },
  volumes: { cached: { name: 'p_cached' }, data: { name: 'p_data' } },
  configs: {},
  secrets: {},
};

const empty: EngineState = { containers: [], networks: new Set(), volumes: new Set(), images: { 'api:1': 'i', 'cache:1': 'i', 'db:1': 'i', 'web:1': 'i' } };

describe('up SERVICE… chooses the services with their dependencies', () => {
  it('takes every dependency, direct or not, in the project order; all services when none is named', () => {
    expect(withDependencies(project, ['web'])).toEqual(['api', 'db', 'migrate', 'web']);
    expect(withDependencies(project, ['db'])).toEqual(['db']);
    expect(withDependencies(project, ['cache', 'api'])).toEqual(['api', 'cache', 'db', 'migrate']);
    expect(withDependencies(project, [])).toEqual(['api', 'cache', 'db', 'migrate', 'web']);
  });

  it('refuses an unknown name with a sentence naming the services (and the profile of a disabled one)', () => {
    expect(withDependencies(project, ['nope'])).toEqual({ error: '"nope" is not a service of the project p (its services: api, cache, db, migrate, web).' });
    expect(unknownServices(project, ['web', 'debug', 'x'])).toBe(
      '"debug", "x" are not services of the project p (its services: api, cache, db, migrate, web). debug is in the profile tools or dev: add --profile tools to use it.',
    );
    expect(unknownServices(project, ['web'])).toBeUndefined();
    expect(selectServices(project, ['nope'])).toHaveProperty('error');
  });

  it('narrows the project to the chosen services and the networks and volumes they use', () => {
    const p = selectServices(project, ['api']) as ComposeProject;
    expect(Object.keys(p.services)).toEqual(['api', 'db', 'migrate']);
    expect(Object.keys(p.networks)).toEqual(['back', 'default']);
    expect(Object.keys(p.volumes)).toEqual(['data']);
    const db = selectServices(project, ['db']) as ComposeProject;
    expect(Object.keys(db.networks)).toEqual(['back']);
    expect(selectServices(project, [])).toBe(project);
  });

  it('plans only the chosen services, and takes the others neither for work nor for orphans', () => {
    const running = (service: string) => ({
      id: service,
      name: `p-${service}-1`,
      service,
      number: 1,
      oneoff: false,
      configHash: 'old',
      imageId: 'i',
      state: 'running',
    });
    const state: EngineState = { ...empty, containers: [running('cache'), running('web'), running('gone')] };
    const plan = planUp(selectServices(project, ['api']) as ComposeProject, state);
    expect(plan.services.map((s) => s.name)).toEqual(['api', 'db', 'migrate']);
    expect(plan.order).toEqual([['db', 'migrate'], ['api']]);
    expect(plan.orphans.map((o) => o.service)).toEqual(['gone']);
    expect(plan.volumes.map((v) => v.name)).toEqual(['p_data']);
  });

  it('on random projects, the choice is closed under depends_on and holds nothing the named services do not need', () => {
    let seed = 19;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const n = 1 + rand(8);
      const names = Array.from({ length: n }, (_, i) => `s${i}`);
      // Edges only to lower numbers: no cycles, as the loader guarantees.
      const services = Object.fromEntries(
        names.map((s, i) => [
          s,
          {
            depends_on: Object.fromEntries(
              names
                .slice(0, i)
                .filter(() => rand(3) === 0)
                .map((d) => [d, dep()]),
            ),
          },
        ]),
      );
      const p = { ...project, services, disabledServices: {} };
      const named = names.filter(() => rand(3) === 0);
      const chosen = withDependencies(p, named) as string[];
      const deps = (s: string) => Object.keys(services[s]!.depends_on);
      for (const s of chosen) for (const d of deps(s)) expect(chosen).toContain(d);
      // Minimal: each chosen service is named or needed by another chosen one.
      for (const s of chosen) if (named.length) expect(named.includes(s) || chosen.some((o) => deps(o).includes(s))).toBe(true);
      if (!named.length) expect(chosen).toEqual(names);
    }
  });
});
