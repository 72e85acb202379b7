/**
 * The planner on a real swarm's JSON right after Berth deployed the fixture stack (engine-after-deploy.json, recorded
 * by engine/integration/record-stack.ts on a one-node swarm of dockerd 20.10): the engine names networks by id in a
 * service's spec, and adds Isolation, ForceUpdate, Runtime, empty Resources and the image's Platforms. Recording it
 * found a deploy the engine refuses halfway (an ingress port on a dnsrr service), now refused by the plan.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../compose/index.js';
import type { EngineService } from '../services/index.js';
import { stackObjectsOf, type StackDesired } from './convert.js';
import after from './fixtures/engine-after-deploy.json' with { type: 'json' };
import { canonical, describeStackPlan, planStack, type EngineFileObject, type EngineNetwork } from './plan.js';

const dir = join(import.meta.dirname, 'fixtures', 'app');
const desired = (environment: Record<string, string> = {}): StackDesired =>
  stackObjectsOf(loadProject({ files: [join(dir, 'compose.yaml')], projectName: 'shop', environment }), (f) => readFileSync(f));
/** An engine state the tests may change. */
interface State {
  services: EngineService[];
  networks: EngineNetwork[];
  configs: EngineFileObject[];
  secrets: EngineFileObject[];
}
/** The recorded bind-mount source is the fixture's own folder, wherever the checkout is. */
const deployed = (): State => JSON.parse(JSON.stringify(after).replaceAll('@APP_DIR@', dir)) as State;
/** An engine with the swarm's own networks and the external objects the file uses, and nothing of the stack. */
const fresh = (): State => {
  const s = deployed();
  return {
    services: [],
    networks: s.networks.filter((n) => !n.Labels?.['com.docker.stack.namespace']),
    configs: [],
    secrets: s.secrets.filter((x) => x.Spec.Name === 'api_key'),
  };
};
const actions = (p: ReturnType<typeof planStack>) =>
  p.actions.map((a) => `${a.action} ${a.kind} ${a.name}${a.changes.length ? `: ${a.changes.join(', ')}` : ''}`);

describe('planStack', () => {
  it('on an engine without the stack: creates its networks, config, secret and services, and uses the external ones', () => {
    const p = planStack(desired(), fresh(), { prune: false });
    expect(p.refusals).toEqual([]);
    expect(actions(p)).toEqual([
      'use network shared-back',
      'create network shop_default',
      'create network shop_front',
      'create config shop_site',
      'use secret api_key',
      'create secret shop_db_password',
      'create service shop_db',
      'create service shop_web',
    ]);
  });

  it('right after that deploy, in the engine’s own form: nothing to change', () => {
    const p = planStack(desired(), deployed(), { prune: false });
    expect(actions(p).filter((a) => !a.startsWith('keep') && !a.startsWith('use'))).toEqual([]);
    expect(p.lines.at(-1)).toBe('The stack shop is up to date: nothing to change.');
  });

  it('the same file from another folder is no change: where the files are is a record, not a setting', () => {
    const moved = deployed();
    for (const s of moved.services) s.Spec.Labels = { ...s.Spec.Labels, 'berth.stack.config-files': '["/elsewhere/compose.yaml"]' };
    expect(actions(planStack(desired(), moved, { prune: false })).filter((a) => !a.startsWith('keep') && !a.startsWith('use'))).toEqual([]);
  });

  it('says which settings of a service change: image, replicas, environment, ports', () => {
    const state = deployed();
    const web = state.services.find((s) => s.Spec.Name === 'shop_web')! as EngineService & { Spec: any };
    web.Spec.TaskTemplate.ContainerSpec.Image = 'berth-test/busybox:old@sha256:' + 'a'.repeat(64);
    // As deployed with the old image, its image label says so too (that label follows the image: not a change of its own).
    web.Spec.Labels = { ...web.Spec.Labels, 'com.docker.stack.image': 'berth-test/busybox:old' };
    web.Spec.Mode.Replicated.Replicas = 1;
    web.Spec.TaskTemplate.ContainerSpec.Env = ['GREETING=bye'];
    web.Spec.EndpointSpec.Ports = web.Spec.EndpointSpec.Ports.slice(0, 1);
    const p = planStack(desired(), state, { prune: false });
    expect(p.actions.find((a) => a.name === 'shop_web')).toEqual({
      kind: 'service',
      name: 'shop_web',
      action: 'update',
      changes: ['image berth-test/busybox:old → berth-test/busybox:new', '1 replicas → 3 replicas', 'environment', 'ports'],
    });
    expect(p.actions.find((a) => a.name === 'shop_db')!.action).toBe('keep');
    expect(p.lines).toContain('Update service shop_web: image berth-test/busybox:old → berth-test/busybox:new, 1 replicas → 3 replicas, environment, ports');
  });

  it('notices a network, mount, secret, constraint or resource change', () => {
    const state = deployed();
    const web = state.services.find((s) => s.Spec.Name === 'shop_web')! as EngineService & { Spec: any };
    web.Spec.TaskTemplate.Networks.pop();
    web.Spec.TaskTemplate.Placement.Constraints = ['node.role==worker'];
    web.Spec.TaskTemplate.Resources.Limits.MemoryBytes = 1;
    web.Spec.TaskTemplate.ContainerSpec.Secrets[0].File.Name = 'other';
    const db = state.services.find((s) => s.Spec.Name === 'shop_db')! as EngineService & { Spec: any };
    db.Spec.TaskTemplate.ContainerSpec.Mounts[1].ReadOnly = false;
    const p = planStack(desired(), state, { prune: false });
    expect(p.actions.find((a) => a.name === 'shop_web')!.changes).toEqual(['secrets', 'networks', 'resources', 'placement']);
    expect(p.actions.find((a) => a.name === 'shop_db')!.changes).toEqual(['mounts']);
  });

  it('refuses a config or secret whose content changed, naming what to do, before anything is made', () => {
    const state = deployed();
    state.configs[0]!.Spec.Data = Buffer.from('listen 9090\n').toString('base64');
    state.secrets.find((s) => s.Spec.Name === 'shop_db_password')!.Spec.Labels!['berth.stack.content-sha256'] = '0'.repeat(64);
    const p = planStack(desired(), state, { prune: false });
    expect(p.refusals).toEqual([
      "The config shop_site already exists with other content, and swarm cannot change a config's content in place: give it a new name in the file (name: shop_site_v2), or remove the stack first.",
      "The secret shop_db_password already exists with other content, and swarm cannot change a secret's content in place: give it a new name in the file (name: shop_db_password_v2), or remove the stack first.",
    ]);
    expect(p.lines.at(-1)).toBe('Nothing will be changed.');
  });

  it('refuses an external network or secret that does not exist, and a local network in the way', () => {
    const state = fresh();
    state.networks = state.networks.filter((n) => n.Name !== 'shared-back');
    state.networks.push({ Id: 'b1', Name: 'shop_front', Driver: 'bridge', Scope: 'local', Labels: {} });
    state.secrets = [];
    const p = planStack(desired(), state, { prune: false });
    expect(p.refusals).toEqual([
      'The external network shared-back does not exist on this swarm: create it as an overlay network first, or define it in the file.',
      "A local network named shop_front already exists (bridge): remove it, or name the stack's network another way.",
      'The external secret api_key does not exist on this swarm: create it first (docker secret create api_key FILE), or define it in the file.',
    ]);
  });

  it('refuses a change of a service between replicated and global, which swarm cannot make', () => {
    const state = deployed();
    const db = state.services.find((s) => s.Spec.Name === 'shop_db')!;
    db.Spec.Mode = { Replicated: { Replicas: 1 } };
    expect(planStack(desired(), state, { prune: false }).refusals).toEqual([
      "The service shop_db is replicated on the swarm and global in the file, and swarm cannot change a service's mode: remove the service (or the stack) first, then deploy.",
    ]);
  });

  it('says when a secret made outside Berth cannot be compared with its file', () => {
    const state = deployed();
    delete state.secrets.find((s) => s.Spec.Name === 'shop_db_password')!.Spec.Labels!['berth.stack.content-sha256'];
    const p = planStack(desired(), state, { prune: false });
    expect(p.refusals).toEqual([]);
    expect(p.warnings).toContain(
      'The secret shop_db_password was made without a record of its content (not by Berth): Berth cannot tell whether its file changed, and uses it as it is.',
    );
  });

  it('refuses a service of the same name outside the stack', () => {
    const state = fresh();
    state.services = [{ ID: 'x', Spec: { Name: 'shop_web', Labels: {} } }];
    expect(planStack(desired(), state, { prune: false }).refusals).toEqual([
      'A service named shop_web already exists outside the stack shop: remove or rename it, or choose another stack name.',
    ]);
  });

  it('removes the stack’s services the file no longer has only with prune, and says they stay without it', () => {
    const state = deployed();
    state.services.push({ ID: 'old1', Spec: { Name: 'shop_worker', Labels: { 'com.docker.stack.namespace': 'shop' } } });
    state.services.push({ ID: 'other', Spec: { Name: 'blog_web', Labels: { 'com.docker.stack.namespace': 'blog' } } });
    expect(actions(planStack(desired(), state, { prune: true })).filter((a) => a.startsWith('remove'))).toEqual(['remove service shop_worker']);
    const kept = planStack(desired(), state, { prune: false });
    expect(kept.actions.some((a) => a.action === 'remove')).toBe(false);
    expect(kept.warnings.at(-1)).toMatch(/no longer has \(shop_worker\): they stay; deploy with prune/);
  });

  it('says ingress ports and virtual IPs may not work where the kernel has no IPVS', () => {
    const p = planStack(desired(), fresh(), { prune: false, ipvs: false });
    expect(p.warnings.filter((w) => /IPVS/.test(w))).toEqual([
      expect.stringMatching(/^shop_web publishes ports in ingress mode.*may not answer here: publish with mode: host/),
      expect.stringMatching(/^shop_web uses a virtual IP \(endpoint_mode: vip\).*deploy\.endpoint_mode: dnsrr/),
    ]);
    expect(planStack(desired(), fresh(), { prune: false, ipvs: true }).warnings.some((w) => /IPVS/.test(w))).toBe(false);
  });
});

describe('planStack refusals the engine would give halfway', () => {
  it('refuses an ingress port on a dnsrr service before anything is made (swarm refuses it only when the service is created)', () => {
    const d = desired();
    const web = d.services.find((s) => s.name === 'shop_web')!;
    const dnsrr = {
      ...d,
      services: d.services.map((s) => (s === web ? { ...s, spec: { ...s.spec, EndpointSpec: { ...s.spec.EndpointSpec, Mode: 'dnsrr' } } } : s)),
    };
    const p = planStack(dnsrr, fresh(), { prune: false });
    expect(p.refusals).toEqual([
      'shop_web publishes port 18080 through the routing mesh (ingress mode), which a service with endpoint_mode: dnsrr cannot use: publish it with mode: host, or leave out endpoint_mode: dnsrr.',
    ]);
    // Host-mode ports are fine on dnsrr.
    expect(planStack(desired(), fresh(), { prune: false }).refusals).toEqual([]);
  });
});

describe('canonical', () => {
  it('treats absent, empty and zero values alike, and sorts keys', () => {
    expect(canonical({ b: [], a: { x: 0, y: false, z: '' }, c: 1 })).toEqual({ c: 1 });
    expect(JSON.stringify(canonical({ b: 2, a: 1 }))).toBe('{"a":1,"b":2}');
  });
});

describe('describeStackPlan', () => {
  it('lists warnings, each step and the refusals', () => {
    expect(
      describeStackPlan({
        stack: 's',
        warnings: ['Ignoring unsupported options: build.'],
        actions: [{ kind: 'network', name: 's_default', action: 'create', changes: [] }],
        refusals: ['No.'],
      }),
    ).toEqual(['Ignoring unsupported options: build.', 'Create network s_default', 'Cannot deploy: No.', 'Nothing will be changed.']);
  });
});
