/**
 * Shells: open time (UI click → prompt on screen), keystroke round trip (p50
 * and p99, through Berth's RPC) and flood throughput, each against
 * `docker exec -it` driven through a PTY made by util-linux `script`.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { BUSYBOX_IMAGE } from '../e2e/fixtures/images.js';
import { connectBackend } from '../engine/backend/launch.js';
import type { RpcClient } from '../engine/rpc/client.js';
import { openWorld } from './world.js';
import { median, type BenchResult } from './stats.js';

const exec = promisify(execFile);
const KEYS = 200;
const FLOOD_BYTES = 3_000_000;
const FLOOD_CMD = `yes | head -c ${FLOOD_BYTES}; echo end-$((1+1))`;

const quantile = (xs: readonly number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

/** Resolve once `test` holds, checking again on every turn of the event loop. */
const untilTrue = (test: () => boolean) =>
  new Promise<void>((resolve) => {
    const check = () => (test() ? resolve() : setImmediate(check));
    check();
  });

/** `docker exec -it <name> sh` in a PTY: write keys, wait for output. */
function cliShell(dockerHost: string, name: string) {
  const child = spawn('script', ['-qfc', `docker exec -it ${name} sh`, '/dev/null'], {
    env: { ...process.env, DOCKER_HOST: dockerHost },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  let out = '';
  let bytes = 0;
  child.stdout.on('data', (c: Buffer) => {
    bytes += c.length;
    out = (out + c.toString('latin1')).slice(-4096);
  });
  return {
    child,
    get bytes() {
      return bytes;
    },
    clear: () => void (out = ''),
    has: (s: string) => out.includes(s),
    until: untilTrue,
    type: (s: string) => child.stdin.write(s),
  };
}

/** A session over RPC that acknowledges all output at once. */
function rpcShell(client: RpcClient, name: string) {
  let out = '';
  let bytes = 0;
  let ready = false;
  const sub = client.duplex(
    'terminal.open',
    { id: name, cols: 120, rows: 40 },
    {
      next: (e) => {
        if (e.t === 'ready') ready = true;
        if (e.t !== 'data') return;
        const b = Buffer.from(e.data, 'base64');
        bytes += b.length;
        out = (out + b.toString('latin1')).slice(-4096);
        sub.push({ t: 'ack', bytes: b.length });
      },
    },
  );
  return {
    sub,
    get ready() {
      return ready;
    },
    get bytes() {
      return bytes;
    },
    clear: () => void (out = ''),
    has: (s: string) => out.includes(s),
    until: untilTrue,
    type: (s: string) => sub.push({ t: 'input', data: s }),
  };
}

/** Milliseconds per keystroke echo for `KEYS` single characters. */
async function roundTrips(sh: { clear(): void; has(s: string): boolean; until(t: () => boolean): Promise<void>; type(s: string): unknown }): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < KEYS; i++) {
    const ch = String.fromCharCode(97 + (i % 26));
    sh.clear();
    const t0 = performance.now();
    sh.type(ch);
    await sh.until(() => sh.has(ch));
    times.push(performance.now() - t0);
    if (i % 26 === 25) {
      sh.type('\x15'); // ^U clears the line
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  return times;
}

/** Bytes per second of a flood, from the command to its end marker. */
async function flood(sh: {
  bytes: number;
  has(s: string): boolean;
  until(t: () => boolean): Promise<void>;
  type(s: string): unknown;
  clear(): void;
}): Promise<number> {
  sh.type('\x15'); // ^U: an empty line first
  await new Promise((r) => setTimeout(r, 50));
  sh.clear();
  const start = sh.bytes;
  const t0 = performance.now();
  sh.type(`${FLOOD_CMD}\r`);
  await sh.until(() => sh.has('end-2\r\n'));
  return ((sh.bytes - start) / (performance.now() - t0)) * 1000;
}

export async function benchTerminal(rounds = 5): Promise<BenchResult[]> {
  const world = await openWorld(async (dockerHost) => {
    await exec('docker', ['run', '-d', '--name', 'bench-sh', BUSYBOX_IMAGE, 'sleep', '3600'], { env: { ...process.env, DOCKER_HOST: dockerHost } });
  });
  const open = { ui: [] as number[], rpc: [] as number[], cli: [] as number[] };
  const mbps = { rpc: [] as number[], cli: [] as number[] };
  let keysRpc: number[] = [];
  let keysCli: number[] = [];
  try {
    const page = await world.browser.newPage({ viewport: { width: 1280, height: 800 } });
    for (let i = 0; i < rounds; i++) {
      await page.goto(`${world.host.url}#/containers`);
      await page.getByRole('button', { name: 'Open a shell in bench-sh' }).waitFor();
      const t0 = performance.now();
      await page.getByRole('button', { name: 'Open a shell in bench-sh' }).click();
      await page.waitForFunction(() => /\s#/.test(document.querySelector('[data-testid=shell-terminal] .xterm-rows')?.textContent ?? ''), undefined, {
        polling: 'raf',
      });
      open.ui.push(performance.now() - t0);
      await page
        .getByRole('button', { name: /^Close Shell/ })
        .first()
        .click();

      const c0 = performance.now();
      const cli = cliShell(world.dockerHost, 'bench-sh');
      await cli.until(() => cli.has(' # '));
      open.cli.push(performance.now() - c0);
      cli.child.kill();
    }
    await page.close();

    const client = (await connectBackend(world.home))!;
    // The same open without the UI: what the backend and engine take.
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      const sh = rpcShell(client, 'bench-sh');
      await sh.until(() => sh.has(' # '));
      open.rpc.push(performance.now() - t0);
      sh.sub.cancel();
    }
    const rpc = rpcShell(client, 'bench-sh');
    await rpc.until(() => rpc.has(' # '));
    keysRpc = await roundTrips(rpc);
    for (let i = 0; i < 3; i++) mbps.rpc.push((await flood(rpc)) / 1e6);
    rpc.sub.cancel();
    client.close();

    const cli = cliShell(world.dockerHost, 'bench-sh');
    await cli.until(() => cli.has(' # '));
    keysCli = await roundTrips(cli);
    for (let i = 0; i < 3; i++) mbps.cli.push((await flood(cli)) / 1e6);
    cli.child.kill();
  } finally {
    await world.close();
  }
  const pct = (xs: number[]) => [quantile(xs, 0.5), quantile(xs, 0.99)].map((ms) => ms * 1000);
  const kb = (xs: number[]) => xs.map((x) => x * 1000);
  return [
    {
      name: 'opening a shell (ms, lower is better)',
      unit: 'ms',
      subject: { label: 'Berth UI: click "Open a shell" → prompt on screen', samples: open.ui, median: median(open.ui) },
      baseline: { label: '`docker exec -it sh` in a PTY → prompt', samples: open.cli, median: median(open.cli) },
    },
    {
      name: 'opening a shell without the UI (ms, lower is better)',
      unit: 'ms',
      subject: { label: 'Berth RPC terminal.open → prompt received', samples: open.rpc, median: median(open.rpc) },
      baseline: { label: '`docker exec -it sh` in a PTY → prompt', samples: open.cli, median: median(open.cli) },
    },
    {
      name: `keystroke round trip over ${KEYS} keys (µs; samples are p50, p99)`,
      unit: 'µs',
      subject: { label: 'Berth RPC (backend socket, batching, acks)', samples: pct(keysRpc), median: median(keysRpc) * 1000 },
      baseline: { label: '`docker exec -it` in a PTY', samples: pct(keysCli), median: median(keysCli) * 1000 },
    },
    {
      name: `flood of ${(FLOOD_BYTES / 1e6).toFixed(0)} MB (KB/s, higher is better; the container's PTY sets the pace)`,
      unit: 'KB/s',
      subject: { label: 'Berth RPC with flow control', samples: kb(mbps.rpc), median: median(mbps.rpc) * 1000 },
      baseline: { label: '`docker exec -it` in a PTY', samples: kb(mbps.cli), median: median(mbps.cli) * 1000 },
    },
  ];
}
