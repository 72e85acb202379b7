import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { composeBytes, composeFromContainers, composeYaml, type ExportInput, type ImageDefaults, type InspectedContainer } from './from-containers.js';

const fixture = <T>(name: string) => JSON.parse(readFileSync(new URL(`./fixtures/export/${name}`, import.meta.url), 'utf8')) as T;
// Recorded on dockerd 20.10 (scripted in the test's comments):
//   image berth-test/exportable:1 = FROM berth-test/busybox, ENV APP_MODE=prod, LABEL org.example.from=image, WORKDIR /app,
//     VOLUME /cache, EXPOSE 80, HEALTHCHECK --interval=30s CMD true, CMD httpd -f -p 80
//   docker network create appnet
//   docker run -d --name web -e A=1 -e APP_MODE=dev -p 127.0.0.1:18080:80 -p 18081:81/udp -v named:/data
//     -v /tmp/cm-bindsrc:/srv:ro -v /anon --network appnet --network-alias api --restart on-failure:3 -l team=x
//     --health-cmd 'test -d /tmp' --health-interval 2s --health-retries 4 -u 1000 -w /tmp --hostname webhost
//     --cap-add NET_ADMIN --cap-drop MKNOD --init --pids-limit 50 --add-host h1:10.1.2.3 --memory 64m --cpus 0.5
//     --entrypoint sh berth-test/exportable:1 -c 'sleep 3600'
//   docker run -d --name plain berth-test/busybox:latest sleep 3600
//   docker-compose -p shop up -d: db (busybox, sleep 3600, dbdata:/var/lib/db, POSTGRES=1) and api (exportable:1,
//     scale 2, networks default and back with the alias backend)
const containers = fixture<InspectedContainer[]>('containers.json');
const images = fixture<Array<{ Id: string; Config: ImageDefaults }>>('images.json');
const networks = fixture<Array<{ Name: string; Labels: Record<string, string> }>>('networks.json');
const volumes = fixture<Array<{ Name: string; Labels: Record<string, string> | null }>>('volumes.json');

function input(names: string[]): ExportInput {
  const picked = names.map((n) => containers.find((c) => c.Name === `/${n}`)!);
  return {
    containers: picked,
    images: Object.fromEntries(picked.map((c) => [c.Id, images.find((i) => i.Id === (c as unknown as { Image: string }).Image)?.Config])),
    networkLabels: Object.fromEntries(networks.map((n) => [n.Name, n.Labels])),
    volumeLabels: Object.fromEntries(volumes.map((v) => [v.Name, v.Labels ?? {}])),
  };
}

describe('save as compose.yaml', () => {
  it('writes what a docker run container has beyond its image, and declares its volume and network', () => {
    const r = composeFromContainers(input(['web']));
    expect(r.project).toBeUndefined();
    expect(r.notes).toEqual([]);
    expect(r.model).toEqual({
      services: {
        web: {
          image: 'berth-test/exportable:1',
          container_name: 'web',
          entrypoint: ['sh'],
          command: ['-c', 'sleep 3600'],
          environment: { APP_MODE: 'dev', A: '1' },
          ports: ['127.0.0.1:18080:80', '18081:81/udp'],
          // The image's own VOLUME /cache is left to the image; -v /anon is asked for by its path.
          volumes: ['/anon', 'named:/data', '/tmp/cm-bindsrc:/srv:ro'],
          networks: { appnet: { aliases: ['api'] } },
          restart: 'on-failure:3',
          labels: { team: 'x' },
          healthcheck: { test: 'test -d /tmp', interval: '2s', retries: 4 },
          user: '1000',
          working_dir: '/tmp',
          hostname: 'webhost',
          cap_add: ['CAP_NET_ADMIN'],
          cap_drop: ['CAP_MKNOD'],
          init: true,
          pids_limit: 50,
          extra_hosts: ['h1:10.1.2.3'],
          mem_limit: '64m',
          cpus: 0.5,
        },
      },
      networks: { appnet: { name: 'appnet', external: true } },
      volumes: { named: { name: 'named' } },
    });
  });

  it('leaves out what the image already says and what the engine makes by itself', () => {
    const r = composeFromContainers(input(['plain']));
    expect(r.model).toEqual({ services: { plain: { image: 'berth-test/busybox:latest', container_name: 'plain', command: ['sleep', '3600'] } } });
  });

  it('gives a Compose project back its services, scale, own networks and volumes, without Compose labels', () => {
    const r = composeFromContainers(input(['shop_db_1', 'shop_api_2', 'shop_api_1']));
    expect(r.project).toBe('shop');
    expect(r.model).toEqual({
      services: {
        api: { image: 'berth-test/exportable:1', scale: 2, networks: { back: { aliases: ['backend'] }, default: null } },
        db: { image: 'berth-test/busybox:latest', command: ['sleep', '3600'], environment: { POSTGRES: '1' }, volumes: ['dbdata:/var/lib/db'] },
      },
      networks: { back: {} },
      volumes: { dbdata: {} },
    });
    const text = composeYaml(r, ['shop_api_1', 'shop_api_2', 'shop_db_1']);
    expect(text).toContain('docker compose -p shop -f <this file> up -d');
    expect(text).not.toContain('com.docker.compose');
    expect(parse(text)).toEqual(r.model);
  });

  it('keeps containers of different projects apart: names kept, the other networks and volumes named as they are', () => {
    const r = composeFromContainers(input(['plain', 'shop_db_1']));
    expect(r.project).toBeUndefined();
    expect(r.model.services).toMatchObject({ shop_db_1: { container_name: 'shop_db_1', networks: ['shop_default'], volumes: ['shop_dbdata:/var/lib/db'] } });
    expect(r.model.networks).toEqual({ shop_default: { name: 'shop_default', external: true } });
    expect(r.model.volumes).toEqual({ shop_dbdata: { name: 'shop_dbdata' } });
  });

  it('says so when an image is gone, and writes everything the container has', () => {
    const r = composeFromContainers({ ...input(['web']), images: {} });
    expect(r.notes[0]).toMatch(/The image of web \(berth-test\/exportable:1\) is gone/);
    expect(r.model.services).toMatchObject({ web: { environment: { PATH: '/usr/local/bin:/usr/bin:/bin' }, labels: { 'org.example.from': 'image' } } });
  });

  it('writes bytes in the largest whole unit', () => {
    expect([composeBytes(64 * 1024 ** 2), composeBytes(2 * 1024 ** 3), composeBytes(3072), composeBytes(1536)]).toEqual(['64m', '2g', '3k', 1536]);
  });
});
