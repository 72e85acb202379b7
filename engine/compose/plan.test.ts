import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { containerRequest } from './create-body.js';
import { requestSettings } from './drift.js';
import { loadProject } from './loader.js';
import { describePlan, planChanges, planUp, type EngineState, type ObservedContainer } from './plan.js';
import { serviceConfigHash } from './config-hash.js';
import { LABEL } from './naming.js';
import { judge } from './wait.js';

const dir = join(import.meta.dirname, 'fixtures', 'stack');
const load = (environment: Record<string, string> = {}) => loadProject({ cwd: dir, environment });
const IMAGE = 'berth-test/busybox:latest';
const empty: EngineState = { containers: [], networks: new Set(), volumes: new Set(), images: { [IMAGE]: 'sha256:aaa' } };

/** The engine after an `up` of `project`: one running container per replica, made as Berth makes them. */
function upState(project: ReturnType<typeof load>, imageId = 'sha256:aaa'): EngineState {
  const containers: ObservedContainer[] = [];
  for (const [service, svc] of Object.entries(project.services)) {
    const hash = serviceConfigHash(svc);
    const req = containerRequest(project, service, 1, { configHash: hash });
    containers.push({
      id: `id-${service}`,
      name: req.name,
      service,
      number: 1,
      oneoff: false,
      configHash: hash,
      imageId,
      state: service === 'migrate' ? 'exited' : 'running',
      settings: requestSettings(
        req.body,
        req.moreNetworks.map((n) => n.name),
      ),
    });
  }
  return { containers, networks: new Set(['stack_default']), volumes: new Set(['stack_data']), images: { [IMAGE]: 'sha256:aaa' } };
}

describe('the plan of up', () => {
  it('on an empty engine creates the network, the volume and every container, in depends_on order', () => {
    const plan = planUp(load(), empty);
    expect(plan.problems).toEqual([]);
    expect(plan.networks).toEqual([{ key: 'default', name: 'stack_default', action: 'create' }]);
    expect(plan.volumes).toEqual([{ key: 'data', name: 'stack_data', action: 'create' }]);
    expect(plan.images).toEqual([]);
    expect(plan.order).toEqual([['db'], ['migrate'], ['web']]);
    expect(plan.services.map((s) => s.containers)).toEqual([
      [{ action: 'create', number: 1, name: 'stack-db-1' }],
      [{ action: 'create', number: 1, name: 'stack-migrate-1' }],
      [{ action: 'create', number: 1, name: 'stack-web-1' }],
    ]);
    expect(describePlan(plan)).toContain('create container stack-web-1 after db (service_healthy), migrate (service_completed_successfully)');
  });

  it('again on the state it made changes nothing but re-running the one-shot migration', () => {
    const project = load();
    const plan = planUp(project, upState(project));
    expect(plan.services.flatMap((s) => s.containers.map((c) => `${c.name}:${c.action}`))).toEqual([
      'stack-db-1:keep',
      'stack-migrate-1:start',
      'stack-web-1:keep',
    ]);
    expect(plan.networks[0]!.action).toBe('exists');
  });

  it('recreates only the service whose environment changed, and names the variable', () => {
    const before = load();
    const plan = planUp(load({ GREETING: 'bonjour' }), upState(before));
    const web = plan.services.find((s) => s.name === 'web')!;
    expect(web.containers).toEqual([{ action: 'recreate', number: 1, name: 'stack-web-1', id: 'id-web', reasons: ['environment.GREETING'] }]);
    expect(plan.services.filter((s) => s.containers.some((c) => c.action === 'recreate')).map((s) => s.name)).toEqual(['web']);
  });

  it('names a changed port, and a new image id under the same tag', () => {
    const before = load();
    const plan = planUp(load({ WEB_PORT: '18081' }), upState(before, 'sha256:old'));
    const reasons = Object.fromEntries(plan.services.map((s) => [s.name, s.containers[0]!.action === 'recreate' ? s.containers[0]!.reasons : []]));
    expect(reasons).toEqual({ db: ['image (now aaa)'], migrate: ['image (now aaa)'], web: ['ports', 'image (now aaa)'] });
  });

  it('says the config-hash differs when the container carries no settings to compare (made by another tool)', () => {
    const project = load();
    const state = upState(project);
    const foreign = { ...state, containers: state.containers.map((c) => ({ ...c, configHash: 'v1-hash', settings: undefined })) };
    expect(planUp(project, foreign).services[0]!.containers[0]).toMatchObject({ action: 'recreate', reasons: ['its configuration (config-hash differs)'] });
  });

  it('scales up to the lowest free numbers and down from the highest', () => {
    const project = load();
    const state = upState(project);
    const three0 = { ...project, services: { ...project.services, web: { ...project.services.web, scale: 3 } } };
    const up = planUp(three0, state).services.find((s) => s.name === 'web')!;
    expect(up.containers.map((c) => `${c.name}:${c.action}`)).toEqual(['stack-web-1:keep', 'stack-web-2:create', 'stack-web-3:create']);
    const three: EngineState = {
      ...state,
      containers: [
        ...state.containers,
        ...[2, 3].map((n) => ({ ...state.containers.find((c) => c.service === 'web')!, id: `web-${n}`, number: n, name: `stack-web-${n}` })),
      ],
    };
    const down = planUp(project, three).services.find((s) => s.name === 'web')!;
    expect(down.containers.map((c) => `${c.name}:${c.action}`)).toEqual(['stack-web-1:keep', 'stack-web-2:remove', 'stack-web-3:remove']);
  });

  it('lists orphans: containers of the project whose service is gone', () => {
    const project = load();
    const state = upState(project);
    const old: ObservedContainer = { ...state.containers[0]!, id: 'cache', name: 'stack-cache-1', service: 'cache' };
    const plan = planUp(project, { ...state, containers: [...state.containers, old] });
    expect(plan.orphans).toEqual([{ id: 'cache', name: 'stack-cache-1', service: 'cache' }]);
    expect(describePlan(plan)).toContain('orphan container stack-cache-1: its service cache is not in the project (--remove-orphans removes it)');
    expect(describePlan(plan, true)).toContain('remove orphan container stack-cache-1 (its service cache is not in the project)');
  });

  it('pulls a missing image, and refuses one that pull_policy never may not pull', () => {
    const project = load();
    const missing = planUp(project, { ...empty, images: { [IMAGE]: null } });
    expect(missing.images.map((i) => `${i.service}:${i.action}`)).toEqual(['db:pull', 'migrate:pull', 'web:pull']);
    const never = { ...project, services: { ...project.services, db: { ...project.services.db, pull_policy: 'never' } } };
    expect(planUp(never, { ...empty, images: { [IMAGE]: null } }).problems).toEqual([
      `The service db needs the image ${IMAGE}, which is not on this engine, and its pull_policy is never: pull or build it first.`,
    ]);
  });

  it('builds a service with build and no image as <project>-<service>, when missing or asked to', () => {
    const project = load();
    const built = { ...project, services: { ...project.services, web: { ...project.services.web, image: undefined, build: { context: dir } } } };
    expect(planUp(built, empty).images).toEqual([{ service: 'web', image: 'stack-web', action: 'build', reason: 'not on this engine yet' }]);
    const always = { ...built, services: { ...built.services, web: { ...built.services.web, pull_policy: 'build' } } };
    expect(planUp(always, { ...empty, images: { ...empty.images, 'stack-web': 'sha256:b' } }).images[0]).toMatchObject({
      action: 'build',
      reason: 'pull_policy: build',
    });
  });

  it('refuses a missing external network and attributes it does not support, before anything changes', () => {
    const project = load();
    const odd = {
      ...project,
      networks: { ...project.networks, outside: { name: 'shared-net', external: true } },
      services: { ...project.services, web: { ...project.services.web, secrets: [{ source: 'token' }] } },
    };
    expect(planUp(odd, empty).problems).toEqual([
      'The external network "shared-net" does not exist: create it first (docker network create shared-net).',
      'The service web uses secrets, which berth compose does not support yet: use docker compose for this project for now.',
    ]);
  });

  it('knows when nothing changes', () => {
    const project = load();
    const state = upState(project);
    const settled = { ...state, containers: state.containers.map((c) => ({ ...c, state: 'running' })) };
    expect(planChanges(planUp(project, settled))).toBe(false);
    expect(planChanges(planUp(project, empty))).toBe(true);
  });
});

describe('the create request', () => {
  it('carries the labels, name, network aliases and the settings Compose maps', () => {
    const project = load();
    const hash = serviceConfigHash(project.services.web!);
    const { name, body, moreNetworks } = containerRequest(project, 'web', 1, { configHash: hash, version: '2.0.0' });
    expect(name).toBe('stack-web-1');
    expect(body.Labels).toMatchObject({
      [LABEL.project]: 'stack',
      [LABEL.service]: 'web',
      [LABEL.containerNumber]: '1',
      [LABEL.oneoff]: 'False',
      [LABEL.configHash]: hash,
      [LABEL.workingDir]: dir,
      [LABEL.configFiles]: join(dir, 'compose.yaml'),
      [LABEL.dependsOn]: 'db:service_healthy:false,migrate:service_completed_successfully:false',
      [LABEL.version]: '2.0.0',
    });
    expect(body.Image).toBe(IMAGE);
    expect(body.Env).toEqual(['GREETING=hello']);
    expect(body.HostConfig?.PortBindings).toEqual({ '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '18080' }] });
    expect(body.HostConfig?.NetworkMode).toBe('stack_default');
    expect(body.NetworkingConfig?.EndpointsConfig).toEqual({ stack_default: { Aliases: ['web', 'stack-web-1'] } });
    expect(moreNetworks).toEqual([]);
    const db = containerRequest(project, 'db', 1, { configHash: 'h' }).body;
    expect(db.Healthcheck).toEqual({ Test: ['CMD', 'test', '-f', '/tmp/ready'], Interval: 1e9, Retries: 30 });
    expect(db.HostConfig?.Mounts).toEqual([{ Type: 'volume', Source: 'stack_data', Target: '/data', ReadOnly: false }]);
  });
});

describe('waiting on a dependency', () => {
  const state = (s: Record<string, unknown>) => ({ State: { Running: false, Restarting: false, Status: 'exited', ExitCode: 0, ...s } }) as never;
  it('reads health and exit codes into a verdict or a sentence', () => {
    expect(judge(state({ Running: true, Status: 'running', Health: { Status: 'starting' } }), 'healthy', 'p-db-1')).toBe('wait');
    expect(judge(state({ Running: true, Status: 'running', Health: { Status: 'healthy' } }), 'healthy', 'p-db-1')).toBe('ok');
    expect(judge(state({ Running: true, Health: { Status: 'unhealthy', Log: [{ Output: 'no\n' }] } }), 'healthy', 'p-db-1')).toBe(
      'p-db-1 is unhealthy (its healthcheck said: no)',
    );
    expect(judge(state({ Running: true }), 'healthy', 'p-db-1')).toMatch(/^p-db-1 has no healthcheck, so it can never be healthy/);
    expect(judge(state({ ExitCode: 2, Health: { Status: 'starting' } }), 'healthy', 'p-db-1')).toBe('p-db-1 stopped (exit code 2) before it was healthy');
    expect(judge(state({ Running: true, Status: 'running' }), 'exited', 'p-m-1')).toBe('wait');
    expect(judge(state({}), 'exited', 'p-m-1')).toBe('ok');
    expect(judge(state({ ExitCode: 3 }), 'exited', 'p-m-1')).toBe('p-m-1 exited with code 3');
  });
});
