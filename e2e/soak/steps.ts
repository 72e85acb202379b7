/**
 * The soak's actions: what a user's day does to an engine, from the docker
 * CLI and from Berth's UI. Each step is chosen from the engine's state as
 * last read (so it targets things that exist), recorded, then run.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { BUSYBOX_IMAGE } from '../fixtures/images.js';
import { runBerth } from '../fixtures/berth.js';
import type { Rng } from '../../engine/util/rng.js';
import type { Picture } from './truth.js';

export interface World {
  readonly page: Page;
  readonly url: string;
  readonly home: string;
  readonly dockerHost: string;
  readonly rng: Rng;
  /** Names made so far (each new thing gets a fresh number). */
  made: number;
}

export interface Step {
  readonly n: number;
  readonly via: 'cli' | 'ui';
  readonly kind: string;
  /** What exactly it does, for the report and for replaying by hand. */
  readonly detail: string;
  run(w: World): Promise<string>;
}

/** Most containers the soak keeps at once (all of them fit on the page without scrolling). */
const MAX_CONTAINERS = 14;

function docker(w: World, args: string[], timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve) => {
    execFile('docker', args, { env: { ...process.env, DOCKER_HOST: w.dockerHost }, timeout: timeoutMs }, (err, stdout, stderr) => {
      resolve(err ? `failed: ${(stderr || err.message).trim().split('\n')[0]}` : (stdout.trim().split('\n')[0]?.slice(0, 80) ?? ''));
    });
  });
}

async function berth(w: World, args: string[]): Promise<string> {
  const r = await runBerth(w.home, args);
  return r.code === 0 ? 'ok' : `failed: ${r.stderr.trim().split('\n').pop()}`;
}

/** Click a control if it is there (a race with the engine may have taken it away: then the step does nothing, and says so). */
async function click(page: Page, locator: ReturnType<Page['getByRole']>, what: string): Promise<string> {
  try {
    await locator.click({ timeout: 2000 });
    return 'clicked';
  } catch {
    return `skipped: no ${what} to click`;
  }
}

/** A row's Remove button on the page at `hash`, then Remove in the dialog it opens. */
async function removeFromRow(w: World, hash: string, name: string): Promise<string> {
  await route(w, hash);
  const r = await click(w.page, w.page.getByRole('button', { name: `Remove ${name}`, exact: true }), `Remove ${name}`);
  if (r !== 'clicked') return r;
  return click(w.page, w.page.getByRole('dialog').getByRole('button', { name: 'Remove', exact: true }), 'Remove in the dialog');
}

async function route(w: World, hash: string): Promise<void> {
  if ((await w.page.evaluate(() => window.location.hash)) !== hash) await w.page.evaluate((h) => (window.location.hash = h), hash);
}

const names = (t: Picture, pred: (state: string) => boolean = () => true) =>
  [...t.values].filter(([k, v]) => k.startsWith('c:') && pred(v.split('|')[0]!)).map(([k]) => k.slice(2));
const ofKind = (t: Picture, prefix: string, pattern: RegExp) =>
  [...t.values.keys()].filter((k) => k.startsWith(prefix) && pattern.test(k.slice(prefix.length))).map((k) => k.slice(prefix.length));

/** Scripts for containers: ones that run until stopped (one honours SIGTERM, one ignores it as PID 1 does), and ones that end by themselves. */
const LONG = [`sh -c "trap 'exit 0' TERM; while true; do sleep 1; done"`, 'sleep 100000'];
const exiting = (rng: Rng) => `sh -c "sleep ${(rng.int(2, 40) / 10).toFixed(1)}; exit ${rng.pick([0, 0, 1, 2, 3, 42, 137, 255])}"`;
/** A shell command line as argv (the scripts above use only double quotes around one argument). */
const argv = (cmd: string) => {
  const m = /^(\S+) -c "(.*)"$/.exec(cmd);
  return m ? [m[1]!, '-c', m[2]!] : cmd.split(' ');
};

/** Choose the next step from the engine's state as last read. */
export function nextStep(w: World, n: number, truth: Picture): Step {
  const { rng } = w;
  const all = names(truth);
  const up = names(truth, (s) => s === 'running');
  const paused = names(truth, (s) => s === 'paused');
  const down = names(truth, (s) => s === 'exited' || s === 'created');
  const images = ofKind(truth, 'i:', /^soak\//);
  const volumes = ofKind(truth, 'v:', /^soak-/);
  const fresh = (prefix: string) => `${prefix}${++w.made}`;
  const full = all.length >= MAX_CONTAINERS;
  const step = (via: Step['via'], kind: string, detail: string, run: Step['run']): Step => ({ n, via, kind, detail, run });

  if (!truth.up) {
    return rng.weighted<() => Step>([
      [() => step('cli', 'engine up', 'berth engine up', (w) => berth(w, ['engine', 'up'])), 3],
      [
        () =>
          step('ui', 'engine start', 'Engine page → Start', async (w) => {
            await route(w, '#/engine');
            return click(w.page, w.page.getByRole('button', { name: 'Start', exact: true }), 'Start button');
          }),
        2,
      ],
      [() => step('ui', 'navigate', '#/containers', async (w) => (await route(w, '#/containers'), 'ok')), 1],
    ])();
  }

  const choices: [() => Step, number][] = [
    // From the docker CLI.
    [
      () => {
        const name = fresh('soak-');
        const rm = rng.chance(0.3);
        const ports = rng.chance(0.3) ? ['-p', rng.chance(0.7) ? '127.0.0.1::80' : '127.0.0.1::53/udp'] : [];
        const cmd = rng.pick(LONG);
        const args = ['run', '-d', '--name', name, ...(rm ? ['--rm'] : []), ...ports, '--stop-timeout', String(rng.int(1, 2)), BUSYBOX_IMAGE, ...argv(cmd)];
        return step('cli', 'run (long)', `docker ${args.join(' ')}`, (w) => docker(w, args));
      },
      full ? 0 : 3,
    ],
    [
      () => {
        const name = fresh('soak-');
        const args = ['run', '-d', '--name', name, ...(rng.chance(0.3) ? ['--rm'] : []), BUSYBOX_IMAGE, ...argv(exiting(rng))];
        return step('cli', 'run (exits by itself)', `docker ${args.join(' ')}`, (w) => docker(w, args));
      },
      full ? 0 : 3,
    ],
    [
      () => {
        const name = fresh('soak-');
        const policy = rng.pick(['on-failure:3', 'on-failure:5', 'always', 'unless-stopped']);
        const args = ['run', '-d', '--name', name, '--restart', policy, BUSYBOX_IMAGE, 'sh', '-c', `sleep ${(rng.int(1, 8) / 10).toFixed(1)}; exit 1`];
        return step('cli', 'run (crash loop)', `docker ${args.join(' ')}`, (w) => docker(w, args));
      },
      full ? 0 : 1,
    ],
    [
      () => {
        const args = ['create', '--name', fresh('soak-'), BUSYBOX_IMAGE, 'true'];
        return step('cli', 'create', `docker ${args.join(' ')}`, (w) => docker(w, args));
      },
      full ? 0 : 0.5,
    ],
    [
      () => {
        const args = ['start', rng.pick(down)];
        return step('cli', 'start', `docker ${args.join(' ')}`, (w) => docker(w, args));
      },
      down.length ? 1 : 0,
    ],
    [
      () => {
        const args = ['kill', ...(rng.chance(0.3) ? ['-s', rng.pick(['TERM', 'HUP', 'INT'])] : []), rng.pick(up)];
        return step('cli', 'kill', `docker ${args.join(' ')}`, (w) => docker(w, args));
      },
      up.length ? 1.5 : 0,
    ],
    [
      () => {
        const args = ['stop', '-t', String(rng.int(0, 2)), rng.pick([...up, ...paused])];
        return step('cli', 'stop', `docker ${args.join(' ')}`, (w) => docker(w, args));
      },
      up.length + paused.length ? 1.5 : 0,
    ],
    [
      () => {
        const args = ['restart', '-t', String(rng.int(0, 1)), rng.pick(all)];
        return step('cli', 'restart', `docker ${args.join(' ')}`, (w) => docker(w, args));
      },
      all.length ? 0.7 : 0,
    ],
    [
      () => {
        const args = ['pause', rng.pick(up)];
        return step('cli', 'pause', `docker ${args.join(' ')}`, (w) => docker(w, args));
      },
      up.length ? 1 : 0,
    ],
    [
      () => {
        const args = ['unpause', rng.pick(paused)];
        return step('cli', 'unpause', `docker ${args.join(' ')}`, (w) => docker(w, args));
      },
      paused.length ? 1 : 0,
    ],
    [
      () => {
        const args = ['rename', rng.pick(all), fresh('soak-renamed-')];
        return step('cli', 'rename', `docker ${args.join(' ')}`, (w) => docker(w, args));
      },
      all.length ? 0.7 : 0,
    ],
    [
      () => {
        const args = ['rm', '-f', rng.pick(all)];
        return step('cli', 'rm -f', `docker ${args.join(' ')}`, (w) => docker(w, args));
      },
      all.length ? (full ? 4 : 1) : 0,
    ],
    [
      () => {
        const name = rng.pick(up);
        const open = rng.pick(['logs', 'shell']);
        return step('cli', `rm -f with its ${open} open`, `open the ${open} of ${name} in the UI, then docker rm -f ${name}`, async (w) => {
          if (open === 'logs') {
            await route(w, '#/containers');
            const opened = await click(w.page, w.page.getByRole('link', { name, exact: true }), `link to ${name}`);
            if (opened !== 'clicked') return opened;
          } else {
            await route(w, '#/containers');
            const opened = await click(w.page, w.page.getByRole('button', { name: `Open a shell in ${name}` }), `shell button of ${name}`);
            if (opened !== 'clicked') return opened;
          }
          await new Promise((r) => setTimeout(r, w.rng.int(100, 800)));
          const out = await docker(w, ['rm', '-f', name]);
          await new Promise((r) => setTimeout(r, 300));
          await route(w, '#/containers');
          return out;
        });
      },
      up.length ? 0.6 : 0,
    ],
    [
      () => {
        const args = ['container', 'prune', '-f'];
        return step('cli', 'container prune', `docker ${args.join(' ')}`, (w) => docker(w, args));
      },
      0.3,
    ],
    [
      () => {
        const args = ['volume', 'create', fresh('soak-vol-')];
        return step('cli', 'volume create', `docker ${args.join(' ')}`, (w) => docker(w, args));
      },
      volumes.length < 8 ? 0.8 : 0,
    ],
    [
      () => {
        const args = ['volume', 'rm', rng.pick(volumes)];
        return step('cli', 'volume rm', `docker ${args.join(' ')}`, (w) => docker(w, args));
      },
      volumes.length ? 0.6 : 0,
    ],
    [
      () => {
        const args = ['volume', 'prune', '-f'];
        return step('cli', 'volume prune', `docker ${args.join(' ')}`, (w) => docker(w, args));
      },
      0.2,
    ],
    [
      () => {
        const name = fresh('soak-net-');
        return step(
          'cli',
          'network create + rm',
          `docker network create ${name}; docker network rm ${name}`,
          async (w) => `${await docker(w, ['network', 'create', name])}; ${await docker(w, ['network', 'rm', name])}`,
        );
      },
      0.4,
    ],
    [
      () => {
        const args = ['tag', BUSYBOX_IMAGE, `soak/img:${++w.made}`];
        return step('cli', 'tag', `docker ${args.join(' ')}`, (w) => docker(w, args));
      },
      images.length < 8 ? 0.8 : 0,
    ],
    [
      () => {
        const args = ['rmi', rng.pick(images)];
        return step('cli', 'untag', `docker ${args.join(' ')}`, (w) => docker(w, args));
      },
      images.length ? 0.6 : 0,
    ],
    [
      () => {
        const args = ['commit', rng.pick(all), 'soak/commit:latest'];
        return step('cli', 'commit (the old image goes dangling)', `docker ${args.join(' ')}`, (w) => docker(w, args));
      },
      all.length ? 0.4 : 0,
    ],
    [
      () => {
        const args = ['image', 'prune', '-f'];
        return step('cli', 'image prune', `docker ${args.join(' ')}`, (w) => docker(w, args));
      },
      0.3,
    ],
    [
      () =>
        step(
          'cli',
          'engine down + up',
          'berth engine down; berth engine up',
          async (w) => `${await berth(w, ['engine', 'down'])}; ${await berth(w, ['engine', 'up'])}`,
        ),
      0.15,
    ],
    [() => step('cli', 'engine down', 'berth engine down', (w) => berth(w, ['engine', 'down'])), 0.1],
    [
      () =>
        step('cli', 'kill -9 dockerd', 'kill -9 $(cat run/dockerd.pid)', async (w) => {
          try {
            process.kill(Number(readFileSync(join(w.home, 'run', 'dockerd.pid'), 'utf8').trim()), 'SIGKILL');
            return 'killed';
          } catch (err) {
            return `skipped: ${(err as Error).message}`;
          }
        }),
      0.15,
    ],

    // From the UI.
    [
      () => {
        const hash = rng.weighted([
          ['#/containers', 5],
          ['#/images', 2],
          ['#/volumes', 2],
          ['#/engine', 0.5],
        ] as const);
        return step('ui', 'navigate', hash, async (w) => (await route(w, hash), 'ok'));
      },
      2.5,
    ],
    [
      () => {
        const name = rng.pick(all);
        const up = /^(running|paused|restarting)$/.test(truth.values.get(`c:${name}`)!.split('|')[0]!);
        const label = `${up ? 'Stop' : 'Start'} ${name}`;
        return step('ui', up ? 'row Stop' : 'row Start', `Containers → ${label}`, async (w) => {
          await route(w, '#/containers');
          return click(w.page, w.page.getByRole('button', { name: label, exact: true }), label);
        });
      },
      all.length ? 2 : 0,
    ],
    [
      () => {
        const picked = [...new Set([rng.pick(all), rng.pick(all), rng.pick(all)].slice(0, rng.int(1, 3)))];
        const action = rng.pick(['Start', 'Stop', 'Restart', 'Pause', 'Resume', 'Kill'] as const);
        const timeout = rng.pick(['0', '5', '']);
        return step('ui', `selection ${action}`, `select ${picked.join(', ')}; stop timeout ${timeout || 'default'}; ${action}`, async (w) => {
          const { page } = w;
          await route(w, '#/containers');
          const checked: string[] = [];
          for (const name of picked) {
            if ((await click(page, page.getByRole('checkbox', { name: `Select ${name}`, exact: true }), `checkbox of ${name}`)) === 'clicked')
              checked.push(name);
          }
          if (!checked.length) return 'skipped: none of them is listed';
          const bar = page.getByRole('toolbar', { name: 'Selected containers' });
          await bar
            .getByRole('combobox', { name: 'Stop timeout' })
            .selectOption(timeout, { timeout: 2000 })
            .catch(() => undefined);
          const r = await click(page, bar.getByRole('button', { name: action, exact: true }), `${action} button`);
          await click(page, page.getByRole('button', { name: 'Clear selection' }), 'Clear selection');
          return `${r} (${checked.join(', ')})`;
        });
      },
      all.length ? 2 : 0,
    ],
    [
      () => {
        const name = rng.pick(all);
        return step('ui', 'row Remove', `Containers → Remove ${name} → Remove`, (w) => removeFromRow(w, '#/containers', name));
      },
      all.length ? 1 : 0,
    ],
    [
      () => {
        const name = rng.pick(all);
        const to = fresh('soak-ui-');
        return step('ui', 'rename', `select ${name}; Rename → ${to}`, async (w) => {
          const { page } = w;
          await route(w, '#/containers');
          if ((await click(page, page.getByRole('checkbox', { name: `Select ${name}`, exact: true }), `checkbox of ${name}`)) !== 'clicked')
            return 'skipped: not listed';
          const r = await click(page, page.getByRole('toolbar', { name: 'Selected containers' }).getByRole('button', { name: 'Rename' }), 'Rename');
          if (r === 'clicked') {
            const d = page.getByRole('dialog', { name: `Rename ${name}` });
            await d
              .getByRole('textbox', { name: 'New name' })
              .fill(to, { timeout: 2000 })
              .catch(() => undefined);
            await click(page, d.getByRole('button', { name: 'Rename' }), 'Rename in the dialog');
          }
          await page.keyboard.press('Escape');
          await click(page, page.getByRole('button', { name: 'Clear selection' }), 'Clear selection');
          return r;
        });
      },
      all.length ? 0.5 : 0,
    ],
    [
      () => {
        const name = fresh('soak-ui-');
        const cmd = rng.chance(0.5) ? exiting(rng) : LONG[0]!;
        const autoRemove = rng.chance(0.3);
        return step('ui', 'Run dialog', `Run… image ${BUSYBOX_IMAGE}, name ${name}, command ${cmd}${autoRemove ? ', remove when it exits' : ''}`, async (w) => {
          const { page } = w;
          await route(w, '#/containers');
          const r = await click(page, page.getByRole('button', { name: 'Run…' }), 'Run… button');
          if (r !== 'clicked') return r;
          const d = page.getByRole('dialog', { name: 'Run a container' });
          await d.getByRole('combobox', { name: 'Image' }).fill(BUSYBOX_IMAGE);
          await d.getByRole('textbox', { name: 'Name' }).fill(name);
          await d.getByRole('textbox', { name: 'Command' }).fill(cmd);
          if (autoRemove)
            await d
              .getByRole('checkbox', { name: /Remove (it )?when it (exits|stops)/i })
              .check({ timeout: 1000 })
              .catch(() => undefined);
          await d.getByRole('button', { name: 'Run', exact: true }).click();
          await d.waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
          await route(w, '#/containers');
          return 'ran';
        });
      },
      full ? 0 : 1,
    ],
    [
      () => {
        const action = rng.pick(['Restart', 'Stop'] as const);
        return step('ui', `engine ${action}`, `Engine page → ${action}${action === 'Stop' ? ' (then Start)' : ''}`, async (w) => {
          await route(w, '#/engine');
          const r = await click(w.page, w.page.getByRole('button', { name: action, exact: true }), `${action} button`);
          if (action === 'Stop' && r === 'clicked') {
            await w.page.getByRole('button', { name: 'Start', exact: true }).click({ timeout: 60_000 });
          }
          return r;
        });
      },
      0.15,
    ],
    [
      () => {
        const ref = rng.pick(images);
        return step('ui', 'image Remove', `Images → Remove ${ref} → Remove`, (w) => removeFromRow(w, '#/images', ref));
      },
      images.length ? 0.5 : 0,
    ],
    [
      () => {
        const name = fresh('soak-vol-ui-');
        return step('ui', 'volume Create', `Volumes → Create… ${name}`, async (w) => {
          await route(w, '#/volumes');
          const r = await click(w.page, w.page.getByRole('button', { name: 'Create…' }), 'Create… button');
          if (r !== 'clicked') return r;
          const d = w.page.getByRole('dialog', { name: 'Create a volume' });
          await d.getByRole('textbox').first().fill(name);
          return click(w.page, d.getByRole('button', { name: 'Create', exact: true }), 'Create in the dialog');
        });
      },
      volumes.length < 8 ? 0.3 : 0,
    ],
  ];
  return rng.weighted(choices)();
}
