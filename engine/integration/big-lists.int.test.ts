/**
 * Lists bigger than one RPC frame may be: many real containers carrying
 * kilobytes of labels each, so the whole list is well over the carriers'
 * frame ceiling (a line over 2 MiB closes a control-socket connection).
 * The list must still reach a page through the web host, and the CLI's own
 * connection, whole and identical to `docker ps -a`. Before lists came in
 * pieces it never loaded (the page reconnected again and again).
 * By default 600 containers with 4 KB of labels each (quick enough for
 * `npm test`); BERTH_BIG_LIST_COUNT=2500 BERTH_BIG_LIST_LABEL_BYTES=1024 is
 * the case the issue measured.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import Docker from 'dockerode';
import type { ContainerSummary } from '../contract/index.js';
import { RpcClient } from '../rpc/client.js';
import { wsCarrier } from '../rpc/node-carriers.js';
import { MAX_FRAME_BYTES } from '../rpc/protocol.js';
import { startWebHost, type WebHost } from '../web/host.js';
import { BUSYBOX_IMAGE } from '../../e2e/fixtures/images.js';
import { docker, eventually, removeHomes, startTestEngine, tempHome } from './harness.js';

const COUNT = Number(process.env.BERTH_BIG_LIST_COUNT ?? 600);
const LABEL_BYTES = Number(process.env.BERTH_BIG_LIST_LABEL_BYTES ?? 4096);

const home = tempHome('big');
let dockerHost = '';
let rpc: RpcClient;
let host: WebHost;
let engine: Docker;

/** About LABEL_BYTES of labels, different for every container (so nothing compresses them away). */
function labelsFor(i: number): Record<string, string> {
  const labels: Record<string, string> = { 'dev.berth.test.big-list': String(i) };
  for (let k = 0; k < 8; k++) labels[`dev.berth.test.note-${k}`] = `${i}-${k}-`.padEnd(LABEL_BYTES / 8 - 24, String.fromCharCode(97 + ((i + k) % 26)));
  return labels;
}

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
  engine = new Docker({ socketPath: dockerHost.replace('unix://', '') });
  let next = 0;
  const worker = async () => {
    while (next < COUNT) {
      const i = next++;
      await engine.createContainer({ Image: BUSYBOX_IMAGE, name: `big-${String(i).padStart(4, '0')}`, Cmd: ['true'], Labels: labelsFor(i) });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  host = await startWebHost({ home, rendererDir: home });
}, 300_000);
afterAll(async () => {
  rpc?.close();
  await host?.close();
  await removeHomes();
});

/** Every container's name as `docker ps -a` lists it, sorted. */
async function truthNames(): Promise<string[]> {
  return (await docker(dockerHost, ['ps', '-a', '--format', '{{.Names}}'])).split('\n').filter(Boolean).sort();
}

/** A page's connection: a WebSocket to the web host, bridged to the backend. */
function pageClient(): Promise<RpcClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/rpc?token=${host.token}`, { headers: { Origin: `http://127.0.0.1:${host.port}` } });
    ws.once('open', () => resolve(new RpcClient(wsCarrier(ws))));
    ws.once('error', reject);
  });
}

describe('a containers list larger than one frame', () => {
  it('is over the frame ceiling as one piece', async () => {
    const names = await truthNames();
    expect(names).toHaveLength(COUNT);
    const listed = JSON.stringify(await engine.listContainers({ all: true }));
    expect(listed.length).toBeGreaterThan(2 * MAX_FRAME_BYTES);
  });

  it('reaches a page through the web host whole, and stays live', async () => {
    const page = await pageClient();
    const rows = new Map<string, ContainerSummary>();
    let ended: string | undefined;
    const sub = page.stream(
      'containers.watch',
      {},
      {
        next: (d) => {
          if (d.kind === 'snapshot-begin') rows.clear();
          else if (d.kind === 'snapshot-rows') for (const c of d.containers) rows.set(c.id, c);
          else if (d.kind === 'upsert') rows.set(d.container.id, d.container);
          else if (d.kind === 'remove') rows.delete(d.id);
        },
        end: (err) => (ended = err?.message ?? 'ended'),
      },
    );
    // Before the fix the web host's connection to the backend was closed by the first (and only) list frame: nothing arrived.
    await eventually(() => rows.size === COUNT || ended !== undefined, 60_000);
    expect(ended).toBeUndefined();
    expect([...rows.values()].map((c) => c.name).sort()).toEqual(await truthNames());
    const one = [...rows.values()].find((c) => c.name === 'big-0007')!;
    expect(one.labels).toEqual(labelsFor(7));
    // Still live after the big snapshot: a change arrives as a delta on the same stream.
    await docker(dockerHost, ['rename', 'big-0007', 'big-renamed']);
    await eventually(() => rows.get(one.id)?.name === 'big-renamed', 15_000);
    sub.cancel();
    page.close();
  });

  it('comes whole to a call on the control socket (the CLI path)', async () => {
    const list = await rpc.call('containers.list', { all: true });
    expect(list.map((c) => c.name).sort()).toEqual(await truthNames());
  });
});
