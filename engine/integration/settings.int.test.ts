/**
 * Settings against a real backend and engine: daemon.json checked by the
 * real dockerd and applied by a restart (and put back when the engine will
 * not start with it), the UI's preferences round-tripping through
 * settings.json to every window, and a reset to factory defaults that
 * deletes what it listed (engine data, settings, the docker context) and
 * starts the engine again.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineStatus, UiSettingsView } from '../contract/index.js';
import { layout } from '../engine/paths.js';
import type { RpcClient } from '../rpc/client.js';
import { BUSYBOX_IMAGE } from '../../e2e/fixtures/images.js';
import { berth, docker, eventually, removeHomes, startTestEngine, tempHome } from './harness.js';

const home = tempHome('set');
const l = layout(home);
const dockerConfig = `/tmp/berth-set-docker-config-${process.pid}`;
const CONTEXT = 'berth-settings-test';
let rpc: RpcClient;
let dockerHost = '';

beforeAll(async () => {
  await fs.mkdir(dockerConfig, { recursive: true });
  // The user has made Berth's context their current one (`docker context use`), and has other settings of their own.
  await fs.writeFile(join(dockerConfig, 'config.json'), JSON.stringify({ currentContext: CONTEXT, detachKeys: 'ctrl-x' }));
  // The backend inherits these from the CLI that starts it.
  process.env.DOCKER_CONFIG = dockerConfig;
  process.env.BERTH_DOCKER_CONTEXT = CONTEXT;
  ({ dockerHost, rpc } = await startTestEngine(home));
  delete process.env.DOCKER_CONFIG;
  delete process.env.BERTH_DOCKER_CONTEXT;
}, 120_000);

afterAll(async () => {
  rpc?.close();
  await removeHomes();
  await fs.rm(dockerConfig, { recursive: true, force: true });
});

const info = (format: string) => docker(dockerHost, ['info', '--format', format]);

describe('daemon.json', () => {
  it('shows the file as saved, {} for a new home', async () => {
    const view = await rpc.call('settings.daemon', {});
    expect(view).toMatchObject({ text: '{}\n', path: l.daemonConfig, appliesNow: true, mode: 'native', running: true });
  });

  it('refuses what is not JSON, what Berth sets, and what dockerd does not know, writing nothing', async () => {
    expect(await rpc.call('settings.checkDaemon', { text: '{"debug": true,}' })).toBe(
      'This is not valid JSON (line 1, column 16): Expected double-quoted property name.',
    );
    expect(await rpc.call('settings.checkDaemon', { text: '{"exec-root": "/run/x"}' })).toMatch(/^"exec-root" is set by Berth: .* Remove it\.$/);
    // These two come from the real dockerd.
    expect(await rpc.call('settings.checkDaemon', { text: '{"debugg": true}' })).toBe(
      "dockerd refused this configuration: the following directives don't match any configuration option: debugg",
    );
    expect(await rpc.call('settings.checkDaemon', { text: '{"max-concurrent-downloads": -3}' })).toBe(
      'dockerd refused this configuration: configuration validation from file failed: invalid max concurrent downloads: -3',
    );
    await expect(rpc.call('settings.setDaemon', { text: '{"debugg": true}', restart: true })).rejects.toThrow("don't match any configuration option: debugg");
    expect(await fs.readFile(l.daemonConfig, 'utf8')).toBe('{}\n');
    expect(await rpc.call('settings.checkDaemon', { text: '{"debug": true}' })).toBeNull();
  });

  it('applies saved options by restarting the engine, keeping the text as typed', async () => {
    const text = '{\n  "debug": true,\n  "labels": ["berth-test=settings"]\n}\n';
    const view = await rpc.call('settings.setDaemon', { text, restart: true });
    expect(view).toMatchObject({ text, running: true });
    expect(await fs.readFile(l.daemonConfig, 'utf8')).toBe(text);
    expect(await info('{{.Debug}} {{json .Labels}}')).toBe('true ["berth-test=settings"]');
    // Images survive the restart.
    expect(await docker(dockerHost, ['image', 'inspect', '--format', 'ok', BUSYBOX_IMAGE])).toBe('ok');
  }, 60_000);

  it('puts the previous file back, and the engine with it, when the engine will not start with the new one', async () => {
    const before = await fs.readFile(l.daemonConfig, 'utf8');
    // dockerd reads this one fine but refuses it once it sets up its registry service.
    const bad = '{"registry-mirrors": ["not a url"]}';
    expect(await rpc.call('settings.checkDaemon', { text: bad })).toBeNull();
    const err = await rpc.call('settings.setDaemon', { text: bad, restart: true }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(
      /^The engine did not start with this daemon\.json: .*invalid mirror: .*not%20a%20url.* The previous daemon\.json is back and the engine runs with it\.$/s,
    );
    expect(await fs.readFile(l.daemonConfig, 'utf8')).toBe(before);
    expect(((await rpc.call('engine.status', {})) as EngineStatus).state).toBe('running');
    expect(await info('{{.Debug}}')).toBe('true');
  }, 90_000);
});

describe('UI preferences', () => {
  it('round-trip through settings.json and reach every window', async () => {
    const seen: UiSettingsView[] = [];
    const watch = rpc.stream('settings.watchUi', {}, { next: (v) => seen.push(v) });
    await eventually(() => seen.length > 0 || undefined);
    expect(seen[0]).toEqual({
      theme: 'system',
      terminal: { fontSize: 13, scrollback: 5000, shell: '', detachKeys: 'ctrl-p,ctrl-q' },
      quit: 'ask',
      stored: false,
    });

    const wanted = { theme: 'dark', terminal: { fontSize: 16, scrollback: 20_000, shell: '/bin/zsh', detachKeys: 'ctrl-a,x' }, quit: 'keep' } as const;
    await expect(rpc.call('settings.setUi', { ...wanted, terminal: { ...wanted.terminal, fontSize: 40 } })).rejects.toThrow('The font size is at most 32 px');
    await expect(rpc.call('settings.setUi', { ...wanted, terminal: { ...wanted.terminal, shell: 'rm -rf /' } })).rejects.toThrow('A shell is a command name');
    expect(await rpc.call('settings.setUi', wanted)).toEqual({ ...wanted, stored: true });
    await eventually(() => seen.length === 2 || undefined);
    expect(seen[1]).toEqual({ ...wanted, stored: true });
    watch.cancel();
    const saved = JSON.parse(await fs.readFile(l.settingsFile, 'utf8')) as { ui: unknown; engine: unknown };
    expect(saved.ui).toEqual(wanted);
    expect(saved.engine).toBeDefined();
  });
});

describe('reset to factory defaults', () => {
  it('lists what it deletes with sizes, deletes exactly that, removes the docker context and starts the engine afresh', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_CONFIG: dockerConfig };
    delete env.DOCKER_HOST;
    await eventually(() => execFileSync('docker', ['context', 'ls', '--format', '{{.Name}}'], { env }).toString().includes(CONTEXT) || undefined);
    await docker(dockerHost, ['volume', 'create', 'berth-reset-vol']);
    await fs.mkdir(l.logDir, { recursive: true });

    // The command line lists the same, and deletes nothing without --yes.
    const dry = await berth(home, ['reset'], { DOCKER_CONFIG: dockerConfig, BERTH_DOCKER_CONTEXT: CONTEXT });
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain(`Native engine (its images, containers, volumes, build cache and daemon.json): ${join(home, 'engine')}, `);
    expect(dry.stderr).toContain('Nothing was deleted: run `berth reset --yes` to reset.');
    expect(existsSync(l.settingsFile)).toBe(true);

    const plan = await rpc.call('settings.resetPlan', {});
    const byLabel = Object.fromEntries(plan.items.map((i) => [i.label, i]));
    expect(byLabel['Settings']).toMatchObject({ path: l.settingsFile });
    expect(byLabel['Settings']!.bytes).toBeGreaterThan(0);
    expect(byLabel['Native engine']).toMatchObject({ path: join(home, 'engine') });
    // The busybox image alone is over a megabyte.
    expect(byLabel['Native engine']!.bytes).toBeGreaterThan(1024 * 1024);
    expect(byLabel['Virtual machine']).toMatchObject({ path: join(home, 'vm') });
    expect(byLabel['Virtual machine']!.bytes).toBeUndefined();
    expect(byLabel[`docker context "${CONTEXT}"`]!.detail).toBe('it is your current context: the docker CLI goes back to "default"');
    expect(plan.kept.join(' ')).toContain(l.logDir);

    await rpc.call('settings.reset', { confirm: true });
    // The settings went: the engine, starting afresh at once, may already have written a new file with the
    // subnet it picked (seen in /tmp/ci23), but nothing of before, such as the UI's choices, is in it.
    const after = existsSync(l.settingsFile) ? (JSON.parse(await fs.readFile(l.settingsFile, 'utf8')) as Record<string, unknown>) : {};
    expect(after.ui).toBeUndefined();
    expect((after.compose as { recent?: unknown[] } | undefined)?.recent ?? []).toEqual([]);
    const config = JSON.parse(await fs.readFile(join(dockerConfig, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(config).toEqual({ detachKeys: 'ctrl-x' });
    expect(existsSync(l.logDir)).toBe(true);

    // The engine comes back as a new install's: no images, no volumes, the default daemon.json.
    await eventually(async () => ((await rpc.call('engine.status', {})) as EngineStatus).state === 'running' || undefined, 60_000);
    expect(await docker(dockerHost, ['image', 'ls', '-q'])).toBe('');
    expect(await docker(dockerHost, ['volume', 'ls', '-q'])).toBe('');
    expect(await fs.readFile(l.daemonConfig, 'utf8')).toBe('{}\n');
    expect(await info('{{.Debug}}')).toBe('false');
    // The context is made again for the new engine (the CLI's current context stays "default").
    await eventually(() => execFileSync('docker', ['context', 'ls', '--format', '{{.Name}}'], { env }).toString().includes(CONTEXT) || undefined);
    expect((await rpc.call('settings.resetPlan', {})).items.find((i) => i.label === `docker context "${CONTEXT}"`)!.detail).not.toContain('current');
  }, 120_000);
});
