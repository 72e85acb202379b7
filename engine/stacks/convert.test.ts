import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject, type ComposeProject } from '../compose/index.js';
import { FILES_LABEL, fileMode, IMAGE_LABEL, NAMESPACE_LABEL, stackObjectsOf } from './convert.js';

const dir = join(import.meta.dirname, 'fixtures', 'app');
const load = (environment: Record<string, string> = {}) => loadProject({ files: [join(dir, 'compose.yaml')], projectName: 'shop', environment });
const objects = (environment: Record<string, string> = {}) => stackObjectsOf(load(environment), (f) => readFileSync(f));

/** A project as the loader gives it, for cases no file needs to show. */
const project = (services: ComposeProject['services'], extra: Partial<ComposeProject> = {}): ComposeProject => ({
  name: 'tiny',
  workingDir: '/x',
  configFiles: ['/x/compose.yaml'],
  profiles: [],
  services,
  disabledServices: {},
  networks: { default: { name: 'tiny_default' } },
  volumes: {},
  configs: {},
  secrets: {},
  ...extra,
});

describe('stackObjectsOf', () => {
  it('names every object <stack>_<name> and labels it with the namespace; external ones keep their names', () => {
    const d = objects();
    expect(d.stack).toBe('shop');
    expect(d.services.map((s) => s.name)).toEqual(['shop_db', 'shop_web']);
    expect(d.networks.map((n) => [n.name, n.external])).toEqual([
      ['shared-back', true],
      ['shop_default', false],
      ['shop_front', false],
    ]);
    expect(d.configs.map((c) => c.name)).toEqual(['shop_site']);
    expect(d.secrets.map((s) => [s.name, s.external])).toEqual([
      ['api_key', true],
      ['shop_db_password', false],
    ]);
    for (const n of d.networks.filter((x) => !x.external)) expect((n.spec!.Labels as Record<string, string>)[NAMESPACE_LABEL]).toBe('shop');
    for (const o of [...d.configs, ...d.secrets]) expect(o.labels[NAMESPACE_LABEL]).toBe('shop');
    for (const s of d.services) {
      expect(s.spec.Labels![NAMESPACE_LABEL]).toBe('shop');
      expect(s.spec.Labels![IMAGE_LABEL]).toBe(s.spec.TaskTemplate!.ContainerSpec!.Image);
      // Where it was deployed from, so Redeploy can offer the same files.
      expect(JSON.parse(s.spec.Labels![FILES_LABEL]!)).toEqual([join(dir, 'compose.yaml')]);
    }
  });

  it('makes networks overlays, the default one for services that name none', () => {
    const d = objects();
    expect(d.networks.find((n) => n.name === 'shop_default')!.spec).toMatchObject({ Name: 'shop_default', Driver: 'overlay' });
    const db = d.services.find((s) => s.key === 'db')!.spec;
    expect(db.TaskTemplate!.Networks).toEqual([{ Target: 'shop_default', Aliases: ['db'] }]);
    const web = d.services.find((s) => s.key === 'web')!.spec;
    expect(web.TaskTemplate!.Networks).toEqual([
      { Target: 'shared-back', Aliases: ['web'] },
      { Target: 'shop_front', Aliases: ['web'] },
    ]);
  });

  it('reads the .env file beside the compose file, and the environment over it', () => {
    expect(objects().services.find((s) => s.key === 'web')!.spec.TaskTemplate!.ContainerSpec!.Image).toBe('berth-test/busybox:new');
    const web = objects({ WEB_TAG: 'v9', GREETING: 'hi' }).services.find((s) => s.key === 'web')!.spec;
    expect(web.TaskTemplate!.ContainerSpec!.Image).toBe('berth-test/busybox:v9');
    expect(web.TaskTemplate!.ContainerSpec!.Env).toEqual(['GREETING=hi']);
  });

  it('turns the deploy section into the service spec', () => {
    const web = objects().services.find((s) => s.key === 'web')!.spec;
    expect(web.Mode).toEqual({ Replicated: { Replicas: 3 } });
    expect(web.Labels).toEqual({
      team: 'web',
      [NAMESPACE_LABEL]: 'shop',
      [IMAGE_LABEL]: 'berth-test/busybox:new',
      [FILES_LABEL]: JSON.stringify([join(dir, 'compose.yaml')]),
    });
    expect(web.TaskTemplate!.ContainerSpec!.Labels).toEqual({ tier: 'front', [NAMESPACE_LABEL]: 'shop' });
    expect(web.TaskTemplate!.Resources).toEqual({ Limits: { NanoCPUs: 5e8, MemoryBytes: 64 * 1024 ** 2 }, Reservations: { MemoryBytes: 16 * 1024 ** 2 } });
    expect(web.TaskTemplate!.RestartPolicy).toEqual({ Condition: 'on-failure', Delay: 2e9, MaxAttempts: 3 });
    expect(web.TaskTemplate!.Placement).toEqual({ Constraints: ['node.role==manager'] });
    expect(web.UpdateConfig).toEqual({ Parallelism: 2, Delay: 1e9, Order: 'start-first' });
    expect(web.EndpointSpec).toEqual({
      Mode: 'vip',
      Ports: [
        { Protocol: 'tcp', TargetPort: 8080, PublishedPort: 18080, PublishMode: 'ingress' },
        { Protocol: 'tcp', TargetPort: 9090, PublishedPort: 19090, PublishMode: 'host' },
      ],
    });
    expect(web.TaskTemplate!.ContainerSpec!.Args).toEqual(['sh', '-c', 'exec httpd -f -p 8080']);
    const db = objects().services.find((s) => s.key === 'db')!.spec;
    expect(db.Mode).toEqual({ Global: {} });
    expect(db.EndpointSpec).toEqual({ Mode: 'dnsrr' });
  });

  it('mounts named volumes as <stack>_<name> and binds by their absolute path', () => {
    const db = objects().services.find((s) => s.key === 'db')!.spec;
    expect(db.TaskTemplate!.ContainerSpec!.Mounts).toEqual([
      { Type: 'volume', Source: 'shop_data', Target: '/data', VolumeOptions: { Labels: { [NAMESPACE_LABEL]: 'shop' } } },
      { Type: 'bind', Source: join(dir, 'seed'), Target: '/seed', ReadOnly: true },
    ]);
  });

  it('makes configs and secrets from the files’ bytes and mounts them at Compose’s default targets', () => {
    const d = objects();
    expect(Buffer.from(d.configs[0]!.data!, 'base64').toString()).toBe('listen 8080\n');
    expect(Buffer.from(d.secrets[1]!.data!, 'base64').toString()).toBe('s3cret\n');
    const c = d.services.find((s) => s.key === 'web')!.spec.TaskTemplate!.ContainerSpec!;
    expect(c.Configs).toEqual([{ File: { Name: '/site', UID: '0', GID: '0', Mode: 0o444 }, ConfigID: '', ConfigName: 'shop_site' }]);
    expect(c.Secrets).toEqual([
      { File: { Name: 'db_pw', UID: '0', GID: '0', Mode: 0o440 }, SecretID: '', SecretName: 'shop_db_password' },
      { File: { Name: 'api_key', UID: '0', GID: '0', Mode: 0o444 }, SecretID: '', SecretName: 'api_key' },
    ]);
  });

  it('ignores what a stack cannot use, in one sentence, as docker stack deploy does', () => {
    const [first] = objects().warnings;
    expect(first).toMatch(/^Ignoring unsupported options: build, depends_on, restart\. /);
    expect(first).toMatch(/deploy\.restart_policy/);
    expect(objects().refusals).toEqual([]);
  });

  it('refuses a service with no image, a secret whose file is missing, and a name swarm would not take', () => {
    const missing = Object.assign(new Error('no'), { code: 'ENOENT' });
    const d = stackObjectsOf(
      project(
        { app: { build: { context: '/x' }, networks: { default: null } }, ['a'.repeat(60)]: { image: 'busybox', networks: { default: null } } },
        { secrets: { pw: { name: 'tiny_pw', file: '/x/pw.txt' } } },
      ),
      () => {
        throw missing;
      },
    );
    expect(d.refusals).toEqual([
      expect.stringMatching(/^The service "app" has no image/),
      expect.stringMatching(/^The service name tiny_a+ is 65 characters; swarm allows 63/),
      'The secret "pw" is made from /x/pw.txt, which does not exist: create the file or correct its path.',
    ]);
    expect(d.services.map((s) => s.key)).toEqual(['a'.repeat(60)]);
  });

  it('keeps a replicated-job and an entrypoint, and drops an unset variable from the environment', () => {
    const d = stackObjectsOf(
      project({ job: { image: 'busybox', entrypoint: ['/bin/run'], environment: { A: '1', B: null }, deploy: { mode: 'replicated-job', replicas: 2 } } }),
      () => Buffer.from(''),
    );
    const spec = d.services[0]!.spec;
    expect(spec.Mode).toEqual({ ReplicatedJob: { MaxConcurrent: 2, TotalCompletions: 2 } });
    expect(spec.TaskTemplate!.ContainerSpec!.Command).toEqual(['/bin/run']);
    expect(spec.TaskTemplate!.ContainerSpec!.Env).toEqual(['A=1']);
  });
});

describe('serviceSpecOf, the container settings', () => {
  it('carries healthcheck, hosts, DNS, logging, user, workdir, tmpfs and says a port’s host_ip is ignored', () => {
    const d = stackObjectsOf(
      project({
        app: {
          image: 'busybox',
          healthcheck: { test: ['CMD', 'true'], interval: '5s', retries: 3 },
          extra_hosts: { db: '10.0.0.5' },
          dns: ['10.0.0.53'],
          logging: { driver: 'json-file', options: { 'max-size': '1m' } },
          user: '1000',
          working_dir: '/srv',
          stop_grace_period: '1m30s',
          volumes: [{ type: 'tmpfs', target: '/tmp', tmpfs: { size: '64m' } }],
          ports: [{ target: 80, published: '8080', protocol: 'tcp', mode: 'ingress', host_ip: '127.0.0.1' }],
        },
      }),
      () => Buffer.from(''),
    );
    const c = d.services[0]!.spec.TaskTemplate!.ContainerSpec!;
    expect(c).toMatchObject({
      Healthcheck: { Test: ['CMD', 'true'], Interval: 5e9, Retries: 3 },
      Hosts: ['10.0.0.5 db'],
      DNSConfig: { Nameservers: ['10.0.0.53'] },
      User: '1000',
      Dir: '/srv',
      StopGracePeriod: 90e9,
      Mounts: [{ Type: 'tmpfs', Target: '/tmp', TmpfsOptions: { SizeBytes: 64 * 1024 ** 2 } }],
    });
    expect(d.services[0]!.spec.TaskTemplate!.LogDriver).toEqual({ Name: 'json-file', Options: { 'max-size': '1m' } });
    expect(d.services[0]!.spec.EndpointSpec!.Ports).toEqual([{ Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080, PublishMode: 'ingress' }]);
    expect(d.warnings).toEqual(['app: a stack publishes on every address of a node; host_ip 127.0.0.1 is ignored.']);
  });
});

describe('fileMode', () => {
  it('reads a mode written in octal, whichever way the YAML reader gave it', () => {
    expect(fileMode(440)).toBe(0o440);
    expect(fileMode('0440')).toBe(0o440);
    expect(fileMode('0o600')).toBe(0o600);
    expect(fileMode(292)).toBe(292);
    expect(fileMode(undefined)).toBe(0o444);
  });
});
