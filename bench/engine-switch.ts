/**
 * Switching the window's engine on the Containers page: the switcher's change → the other engine's containers
 * painted (its rows in the table, none of the first engine's left), in Chromium against Berth's engine and a
 * second dockerd on a loopback unix socket, 200 containers each, alternating directions. Target: ≤ 300 ms.
 * Baseline, in the same run: `docker -H <that engine> ps -a` listing the same containers.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { connectBackend } from '../engine/backend/launch.js';
import { importBusybox } from '../e2e/fixtures/images.js';
import { startSecondEngine } from '../e2e/fixtures/second-engine.js';
import { median, type BenchResult } from './stats.js';
import { createMany, openWorld } from './world.js';

const exec = promisify(execFile);
const COUNT = 200;
const ROUNDS = 8;

/**
 * In the page: choose `value` in the Engine switcher, then wait (frame by frame) until the table holds a row whose
 * text has `want` and none with `gone`; resolves to the milliseconds from the change to that painted frame.
 * A string: the TypeScript loader would wrap inner functions in a helper the page lacks.
 */
const switchScript = (value: string, want: string, gone: string) => `(async () => {
  const select = [...document.querySelectorAll('select')].find((s) => s.labels && [...s.labels].some((l) => l.textContent === 'Engine'));
  const start = performance.now();
  const setter = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set;
  setter.call(select, ${JSON.stringify(value)});
  select.dispatchEvent(new Event('change', { bubbles: true }));
  return await new Promise((resolve, reject) => {
    const check = () => {
      const rows = [...document.querySelectorAll('[role=row], tr')].map((r) => r.textContent || '');
      if (rows.some((t) => t.includes(${JSON.stringify(want)})) && !rows.some((t) => t.includes(${JSON.stringify(gone)}))) {
        requestAnimationFrame(() => resolve(performance.now() - start));
      } else if (performance.now() - start > 30000) reject(new Error('the other engine never painted'));
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
})()`;

export async function benchEngineSwitch(): Promise<BenchResult[]> {
  const second = await startSecondEngine();
  const world = await openWorld((dockerHost) => createMany(dockerHost, COUNT));
  const berthMs: number[] = [];
  const cliMs: number[] = [];
  try {
    await importBusybox(second.dockerHost);
    // The second engine's containers are named far-NNNN so a row tells which engine painted it.
    const Docker = (await import('dockerode')).default;
    const far = new Docker({ socketPath: second.socket });
    const { BUSYBOX_IMAGE } = await import('../e2e/fixtures/images.js');
    for (let i = 0; i < COUNT; i++) await far.createContainer({ Image: BUSYBOX_IMAGE, name: `far-${String(i).padStart(4, '0')}`, Cmd: ['true'] });
    const rpc = await connectBackend(world.home);
    if (!rpc) throw new Error('no backend');
    const added = await rpc.call('engines.add', { name: 'bench-second', host: second.dockerHost });
    rpc.close();
    const secondId = added.engine!.id;
    const page = await world.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${world.host.url}#/containers`);
    await page
      .getByText(/200 containers/)
      .first()
      .waitFor({ timeout: 60_000 });
    for (let i = 0; i < ROUNDS; i++) {
      const toSecond = i % 2 === 0;
      berthMs.push(await page.evaluate<number>(toSecond ? switchScript(secondId, 'far-', 'bench-') : switchScript('berth', 'bench-', 'far-')));
      const t0 = performance.now();
      await exec('docker', ['ps', '-a', '--format', '{{.Names}}'], {
        env: { ...process.env, DOCKER_HOST: toSecond ? second.dockerHost : world.dockerHost },
        maxBuffer: 1 << 24,
      });
      cliMs.push(performance.now() - t0);
    }
    await page.close();
  } finally {
    await world.close();
    await second.stop();
  }
  return [
    {
      name: `switching the window's engine (${COUNT} containers on each)`,
      unit: 'ms',
      subject: { label: 'Berth: switcher change → the other engine’s containers painted', samples: berthMs, median: median(berthMs) },
      baseline: { label: '`docker -H <engine> ps -a`', samples: cliMs, median: median(cliMs) },
    },
  ];
}
