import { describe, expect, it } from 'vitest';
import { goDuration, parseBytes, parseDuration, serviceConfigHash, serviceHashInput } from './config-hash.js';
import { containerLabels, containerName, dependsOnLabel } from './naming.js';
import type { ComposeProject } from './normalize.js';

const web = {
  image: 'nginx',
  command: ['nginx', '-g', 'daemon off;'],
  environment: { B: '2', A: '1', UNSET: null },
  networks: { default: null },
  ports: [{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }],
  volumes: [{ type: 'volume', source: 'data', target: '/data', volume: {} }],
  healthcheck: { test: ['CMD', 'true'], interval: '90s' },
  mem_limit: '512m',
  labels: { x: '<&>' },
};

describe('config hash', () => {
  it('writes the service as Go marshals compose-go ServiceConfig: field order, omitempty, sorted maps, HTML escapes', () => {
    expect(serviceHashInput(web)).toBe(
      '{"command":["nginx","-g","daemon off;"],"entrypoint":null,"environment":{"A":"1","B":"2","UNSET":null},' +
        '"healthcheck":{"test":["CMD","true"],"interval":"1m30s"},"image":"nginx","labels":{"x":"\\u003c\\u0026\\u003e"},' +
        '"mem_limit":"536870912","networks":{"default":null},"ports":[{"mode":"ingress","target":80,"published":"8080","protocol":"tcp"}],' +
        '"volumes":[{"type":"volume","source":"data","target":"/data","volume":{}}]}',
    );
  });

  it('ignores what Compose leaves out of the hash (build, depends_on, scale, replicas, profiles, pull_policy) and key order', () => {
    const h = serviceConfigHash(web);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    const reordered = Object.fromEntries(Object.entries(web).reverse());
    expect(serviceConfigHash(reordered)).toBe(h);
    expect(
      serviceConfigHash({
        ...web,
        build: { context: '/x' },
        depends_on: { db: {} },
        scale: 3,
        profiles: ['a'],
        pull_policy: 'always',
        deploy: { replicas: 2 },
      }),
    ).toBe(serviceConfigHash({ ...web, deploy: {} }));
    expect(serviceConfigHash({ ...web, image: 'nginx:2' })).not.toBe(h);
    expect(serviceConfigHash({ ...web, environment: { A: '1', B: '3', UNSET: null } })).not.toBe(h);
  });

  it('formats durations and sizes as Go does', () => {
    expect(goDuration(parseDuration('1m30s')!)).toBe('1m30s');
    expect(goDuration(parseDuration('2h')!)).toBe('2h0m0s');
    expect(goDuration(parseDuration('500ms')!)).toBe('500ms');
    expect(goDuration(parseDuration('1.5s')!)).toBe('1.5s');
    expect(goDuration(0)).toBe('0s');
    expect(parseBytes('1g')).toBe(1024 ** 3);
    expect(parseBytes('64k')).toBe(65536);
    expect(parseBytes(1000)).toBe(1000);
  });
});

describe('names and labels', () => {
  const project: ComposeProject = {
    name: 'shop',
    workingDir: '/src/shop',
    configFiles: ['/src/shop/compose.yaml', '/src/shop/compose.override.yaml'],
    profiles: [],
    services: { web: { ...web, depends_on: { db: { condition: 'service_healthy', required: true, restart: true } } } },
    disabledServices: {},
    networks: { default: { name: 'shop_default' } },
    volumes: {},
    configs: {},
    secrets: {},
  };

  it('names containers <project>-<service>-<n> unless container_name is set', () => {
    expect(containerName('shop', 'web', 2)).toBe('shop-web-2');
    expect(containerName('shop', 'web', 1, { container_name: 'front' })).toBe('front');
  });

  it('labels containers as Docker Compose does', () => {
    expect(dependsOnLabel(project.services.web!)).toBe('db:service_healthy:true');
    expect(containerLabels(project, 'web', 1, 'abc')).toMatchObject({
      x: '<&>',
      'com.docker.compose.project': 'shop',
      'com.docker.compose.service': 'web',
      'com.docker.compose.container-number': '1',
      'com.docker.compose.oneoff': 'False',
      'com.docker.compose.config-hash': 'abc',
      'com.docker.compose.project.working_dir': '/src/shop',
      'com.docker.compose.project.config_files': '/src/shop/compose.yaml,/src/shop/compose.override.yaml',
    });
  });
});
