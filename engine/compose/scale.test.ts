import { describe, expect, it } from 'vitest';
import type { ComposeProject } from './normalize.js';
import { planUp, type EngineState, type ObservedContainer } from './plan.js';
import { narrowPlan, parseScaleArgs, withScale } from './scale.js';

const project: ComposeProject = {
  name: 'p',
  workingDir: '/p',
  configFiles: ['/p/compose.yaml'],
  profiles: [],
  services: {
    db: { image: 'db:1', networks: { default: null } },
    web: { image: 'web:1', networks: { default: null }, depends_on: { db: { condition: 'service_started' } } },
  },
  disabledServices: {},
  networks: { default: { name: 'p_default' } },
  volumes: {},
  configs: {},
  secrets: {},
};

function state(containers: Array<Partial<ObservedContainer> & { service: string; number: number }>, p: ComposeProject): EngineState {
  const hashOf = (s: string) =>
    planUp(p, { containers: [], networks: new Set(), volumes: new Set(), images: {} }).services.find((x) => x.name === s)!.configHash;
  return {
    containers: containers.map((c) => ({
      id: `${c.service}${c.number}`,
      name: `p-${c.service}-${c.number}`,
      oneoff: false,
      configHash: hashOf(c.service),
      imageId: 'sha256:i',
      state: 'running',
      ...c,
    })),
    networks: new Set(['p_default']),
    volumes: new Set(),
    images: { 'db:1': 'sha256:i', 'web:1': 'sha256:i' },
  };
}

describe('scaling a service', () => {
  it('reads SERVICE=N and refuses anything else with a sentence', () => {
    expect(parseScaleArgs(['web=3', 'db=0'])).toEqual({ web: 3, db: 0 });
    expect(parseScaleArgs(['web'])).toEqual({ error: expect.stringContaining('"web" is not SERVICE=N') });
    expect(parseScaleArgs(['web=-1'])).toHaveProperty('error');
    expect(parseScaleArgs(['web=1001'])).toHaveProperty('error');
  });

  it('refuses a name that is not a service of the project, naming its services', () => {
    expect(withScale(project, { nope: 2 })).toEqual({ error: '"nope" is not a service of the project p (its services: db, web).' });
  });

  it('creates the missing numbers, lowest free first, and leaves the running ones alone (the config hash ignores scale)', () => {
    const p = withScale(project, { web: 3 }) as ComposeProject;
    const plan = planUp(
      p,
      state(
        [
          { service: 'db', number: 1 },
          { service: 'web', number: 1 },
          { service: 'web', number: 3 },
        ],
        project,
      ),
    );
    const web = plan.services.find((s) => s.name === 'web')!;
    expect(web.containers.map((c) => `${c.action} ${c.name}`)).toEqual(['keep p-web-1', 'keep p-web-3', 'create p-web-2']);
  });

  it('removes the highest numbers first when scaling down, and the narrowed plan leaves the other services out', () => {
    const p = withScale(project, { web: 1 }) as ComposeProject;
    const plan = narrowPlan(
      planUp(
        p,
        state(
          [
            { service: 'db', number: 1, state: 'exited' },
            { service: 'web', number: 2 },
            { service: 'web', number: 1 },
            { service: 'web', number: 3 },
          ],
          project,
        ),
      ),
      ['web'],
    );
    expect(plan.services.map((s) => s.name)).toEqual(['web']);
    expect(plan.order).toEqual([['web']]);
    expect(plan.services[0]!.containers.map((c) => `${c.action} ${c.name}`)).toEqual(['keep p-web-1', 'remove p-web-2', 'remove p-web-3']);
  });

  it('sets deploy.replicas too when the file uses it (it wins over scale)', () => {
    const withDeploy = { ...project, services: { ...project.services, web: { ...project.services.web!, deploy: { replicas: 2 } } } };
    const p = withScale(withDeploy, { web: 4 }) as ComposeProject;
    expect(planUp(p, state([], project)).services.find((s) => s.name === 'web')!.replicas).toBe(4);
  });
});
