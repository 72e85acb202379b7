/**
 * Container → simulated internet throughput on the root native engine, the
 * rootless engine (as the test user) and, with BENCH_VM=1, the VM: a
 * 100 MB download from a far host (its own network namespace, reached only
 * through Berth's NAT) by a container, against the host's own download from
 * the same server with the same program (static busybox nc), alternating,
 * in the same run.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { runBerth } from '../e2e/fixtures/berth.js';
import { BUSYBOX_IMAGE, importBusybox } from '../e2e/fixtures/images.js';
import { staticBusybox } from '../engine/images/helper-image.js';
import { startFarHost } from '../engine/integration/far-host.js';
import { berthAs, homeFor, rootlessUser } from '../engine/integration/rootless-user.js';
import { layout } from '../engine/engine/paths.js';
import { median, type BenchResult } from './stats.js';

const run = promisify(execFile);
const BYTES = 100 * 1000 * 1000;

/** The shell that says `start`, downloads BYTES and prints how many bytes arrived (headers included). */
function downloadScript(ip: string, port: number): string {
  return `echo start; printf 'GET /bytes/${BYTES} HTTP/1.0\\r\\n\\r\\n' | nc ${ip} ${port} | wc -c`;
}

/**
 * Run a download command; MB/s from the moment its shell says `start` to the
 * moment the byte count arrives (so process and exec start-up and teardown
 * are not counted), checking the whole download arrived.
 */
function download(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let t0 = 0;
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (!t0 && out.startsWith('start\n')) t0 = performance.now();
      const count = /^start\n\s*(\d+)\s*\n/.exec(out);
      if (count) {
        const ms = performance.now() - t0;
        if (Number(count[1]) < BYTES) reject(new Error(`incomplete download: ${count[1]} bytes`));
        else resolve(BYTES / 1e6 / (ms / 1000));
      }
    });
    child.on('exit', (code) => reject(new Error(`download ended (${code}) before its count: ${out} ${err}`)));
  });
}

/** A running engine to measure: its DOCKER_HOST and how to take it down. */
interface Engine {
  readonly dockerHost: string;
  readonly down: () => Promise<void>;
}

/** Alternate the host's download and a container's on `engine`, `rounds` times each. */
async function measure(engine: Engine, script: string, rounds: number): Promise<{ host: number[]; container: number[] }> {
  const env = { ...process.env, DOCKER_HOST: engine.dockerHost };
  const host: number[] = [];
  const container: number[] = [];
  await importBusybox(engine.dockerHost);
  const id = (await run('docker', ['run', '-d', BUSYBOX_IMAGE, 'sleep', '3600'], { env })).stdout.trim();
  for (let i = 0; i < rounds; i++) {
    host.push(await download(staticBusybox(), ['sh', '-c', script]));
    container.push(await download('docker', ['exec', id, 'sh', '-c', script], env));
  }
  await run('docker', ['rm', '-f', id], { env });
  return { host, container };
}

const hostOf = (stdout: string) => stdout.trim().replace(/^DOCKER_HOST=/, '');

/** The root native engine on a fresh home. */
async function rootEngine(): Promise<Engine> {
  const home = mkdtempSync('/tmp/bn-');
  const up = await runBerth(home, ['engine', 'up']);
  if (up.code !== 0) throw new Error(up.stderr);
  return {
    dockerHost: hostOf(up.stdout),
    down: async () => {
      await runBerth(home, ['engine', 'down']);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** The rootless engine as the test user (berth-ci), or why there is none. */
async function rootlessEngine(): Promise<Engine | string> {
  const user = rootlessUser();
  if ('missing' in user) return user.missing;
  if (!user.switched) return 'it runs as root, to compare the host with both engines';
  const home = homeFor(user, 'bnr');
  const up = await berthAs(user, home, ['engine', 'up']);
  if (up.code !== 0) throw new Error(up.stderr);
  return {
    dockerHost: hostOf(up.stdout),
    down: async () => {
      await berthAs(user, home, ['engine', 'down']);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Berth's VM (TCG) on a fresh home, when BENCH_VM=1 asks for it (a cold boot takes minutes here), or why not. */
async function vmEngine(): Promise<Engine | string> {
  if (process.env.BENCH_VM !== '1') return 'BENCH_VM=1 was not set (a TCG boot takes minutes on these machines)';
  const home = mkdtempSync('/tmp/bnv-');
  writeFileSync(layout(home).settingsFile, JSON.stringify({ engine: { mode: 'vm', vm: { accel: 'tcg', share: '', diskGiB: 16 } } }));
  const up = await runBerth(home, ['engine', 'up', '--mode', 'vm']);
  if (up.code !== 0) throw new Error(up.stderr);
  return {
    dockerHost: hostOf(up.stdout),
    down: async () => {
      await runBerth(home, ['engine', 'down']);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

const MODES: readonly { readonly name: string; readonly label: string; readonly start: () => Promise<Engine | string> }[] = [
  { name: 'root native engine, through Berth NAT', label: 'a container on Berth’s bridge (busybox nc)', start: rootEngine },
  { name: 'rootless engine, through slirp4netns', label: 'a container on the rootless engine (busybox nc)', start: rootlessEngine },
  { name: 'VM engine with TCG, through the guest’s NAT and QEMU user networking', label: 'a container in Berth’s VM (busybox nc)', start: vmEngine },
];

export async function benchNetwork(rounds = 5): Promise<BenchResult[]> {
  const far = await startFarHost();
  const script = downloadScript(far.ip, far.port);
  const results: BenchResult[] = [];
  try {
    for (const mode of MODES) {
      const engine = await mode.start();
      if (typeof engine === 'string') {
        console.log(`network bench, ${mode.name}: skipped, ${engine}.`);
        continue;
      }
      try {
        const { host, container } = await measure(engine, script, rounds);
        results.push({
          name: `container → simulated internet, 100 MB download (${mode.name})`,
          unit: 'MB/s',
          subject: { label: mode.label, samples: container, median: median(container) },
          baseline: { label: 'the host itself, same server, same busybox nc', samples: host, median: median(host) },
        });
      } finally {
        await engine.down();
      }
    }
  } finally {
    await far.stop();
  }
  return results;
}
