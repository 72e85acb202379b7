/**
 * Container → simulated internet throughput on the root native engine: a
 * 100 MB download from a far host (its own network namespace, reached only
 * through Berth's NAT) by a container, against the host's own download from
 * the same server with the same program (static busybox nc), alternating,
 * in the same run.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { runBerth } from '../e2e/fixtures/berth.js';
import { BUSYBOX_IMAGE, importBusybox } from '../e2e/fixtures/images.js';
import { staticBusybox } from '../engine/images/helper-image.js';
import { startFarHost } from '../engine/integration/far-host.js';
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

export async function benchNetwork(rounds = 5): Promise<BenchResult[]> {
  const far = await startFarHost();
  const home = mkdtempSync('/tmp/bn-');
  const container: number[] = [];
  const host: number[] = [];
  try {
    const up = await runBerth(home, ['engine', 'up']);
    if (up.code !== 0) throw new Error(up.stderr);
    const env = { ...process.env, DOCKER_HOST: up.stdout.trim().replace(/^DOCKER_HOST=/, '') };
    await importBusybox(env.DOCKER_HOST);
    const id = (await run('docker', ['run', '-d', BUSYBOX_IMAGE, 'sleep', '3600'], { env })).stdout.trim();
    const script = downloadScript(far.ip, far.port);
    for (let i = 0; i < rounds; i++) {
      host.push(await download(staticBusybox(), ['sh', '-c', script]));
      container.push(await download('docker', ['exec', id, 'sh', '-c', script], env));
    }
  } finally {
    await runBerth(home, ['engine', 'down']);
    rmSync(home, { recursive: true, force: true });
    await far.stop();
  }
  return [
    {
      name: 'container → simulated internet, 100 MB download (root native engine, through Berth NAT)',
      unit: 'MB/s',
      subject: { label: 'a container on Berth’s bridge (busybox nc)', samples: container, median: median(container) },
      baseline: { label: 'the host itself, same server, same busybox nc', samples: host, median: median(host) },
    },
  ];
}
