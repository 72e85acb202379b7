import { describe, expect, it } from 'vitest';
import type { EngineService } from '../services/index.js';
import after from './fixtures/engine-after-deploy.json' with { type: 'json' };
import { filesOf, stackSummaries, withReferenceIds } from './stack-rows.js';

describe('stackSummaries', () => {
  it('groups services by their namespace label and sums their tasks; services of no stack are left out', () => {
    const services = [
      ...(after.services as unknown as EngineService[]),
      {
        ID: 'b1',
        Spec: {
          Name: 'blog_web',
          Labels: { 'com.docker.stack.namespace': 'blog', 'berth.stack.config-files': '["/src/blog/compose.yaml","/src/blog/prod.yaml"]' },
        },
        ServiceStatus: { RunningTasks: 0, DesiredTasks: 2 },
      },
      { ID: 'lone', Spec: { Name: 'lone', Labels: {} }, ServiceStatus: { RunningTasks: 1, DesiredTasks: 1 } },
    ];
    expect(stackSummaries(services)).toEqual([
      { name: 'blog', services: 1, running: 0, desired: 2, files: ['/src/blog/compose.yaml', '/src/blog/prod.yaml'] },
      { name: 'shop', services: 2, running: 2, desired: 4, files: ['@APP_DIR@/compose.yaml'] },
    ]);
  });

  it('counts from the tasks when the engine gives no service status', () => {
    const s: EngineService = { ID: 's1', Spec: { Name: 'x_a', Labels: { 'com.docker.stack.namespace': 'x' }, Mode: { Replicated: { Replicas: 2 } } } };
    const tasks = [
      { ID: 't1', ServiceID: 's1', DesiredState: 'running', Status: { State: 'running' } },
      { ID: 't2', ServiceID: 's1', DesiredState: 'running', Status: { State: 'preparing' } },
    ];
    expect(stackSummaries([s], tasks)).toEqual([{ name: 'x', services: 1, running: 1, desired: 2, files: [] }]);
  });
});

describe('filesOf', () => {
  it('reads the files a stack was deployed from, and nothing from a label that is not a list of paths', () => {
    expect(filesOf('["/a/compose.yaml"]')).toEqual(['/a/compose.yaml']);
    expect(filesOf(undefined)).toEqual([]);
    expect(filesOf('/a/compose.yaml')).toEqual([]);
    expect(filesOf('[1, "/a"]')).toEqual([]);
    expect(filesOf('[""]')).toEqual([]);
    expect(filesOf('{"a":1}')).toEqual([]);
  });
});

describe('withReferenceIds', () => {
  it('gives each config and secret reference the id of the object it names', () => {
    const spec = {
      Name: 's_web',
      TaskTemplate: {
        ContainerSpec: {
          Image: 'busybox',
          Configs: [{ File: { Name: '/site' }, ConfigID: '', ConfigName: 's_site' }],
          Secrets: [{ File: { Name: 'pw' }, SecretID: '', SecretName: 's_pw' }],
        },
      },
    };
    const out = withReferenceIds(spec, { config: new Map([['s_site', 'c1']]), secret: new Map([['s_pw', 'p1']]) });
    expect(out.TaskTemplate!.ContainerSpec!.Configs).toEqual([{ File: { Name: '/site' }, ConfigID: 'c1', ConfigName: 's_site' }]);
    expect(out.TaskTemplate!.ContainerSpec!.Secrets).toEqual([{ File: { Name: 'pw' }, SecretID: 'p1', SecretName: 's_pw' }]);
    expect(spec.TaskTemplate.ContainerSpec.Configs[0]!.ConfigID).toBe('');
  });
});
