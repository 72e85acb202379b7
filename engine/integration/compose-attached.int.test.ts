/**
 * Attached `berth compose up` (without -d) ends by itself once every container of the project has exited, as
 * Compose v2 does, while a project with one container still running keeps it attached. Checked with the docker CLI.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSYBOX_IMAGE } from '../../e2e/fixtures/images.js';
import type { RpcClient } from '../rpc/client.js';
import { docker, eventually, removeHomes, startTestEngine, tempHome } from './harness.js';

const home = tempHome('catt');
const dir = mkdtempSync('/tmp/bt-catt-');
let dockerHost: string;
let rpc: RpcClient;

/** `berth compose -f file -p P up` (attached), with its output and exit code once it ends. */
function attachedUp(file: string, project: string) {
  const root = resolve(import.meta.dirname, '..', '..');
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'engine', 'cli.ts'), 'compose', '-f', file, '-p', project, 'up'], {
    cwd: root,
    env: { ...process.env, BERTH_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exit = new Promise<number>((r) => child.on('exit', (code) => r(code ?? 1)));
  return { child, out: () => out, exit };
}

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
});

afterAll(async () => {
  rpc?.close();
  await removeHomes();
  rmSync(dir, { recursive: true, force: true });
});

describe('attached compose up', () => {
  it('ends by itself when every container has exited, and not while one still runs', async () => {
    const file = join(dir, 'compose.yaml');
    writeFileSync(
      file,
      `services:
  one:
    image: ${BUSYBOX_IMAGE}
    command: ['sh', '-c', 'echo one done']
  two:
    image: ${BUSYBOX_IMAGE}
    command: ['sh', '-c', 'sleep 1; echo two done']
  long:
    image: ${BUSYBOX_IMAGE}
    command: ['sleep', '3600']
    stop_signal: SIGKILL
    profiles: [long]
`,
    );
    const up = attachedUp(file, 'batch');
    expect(await up.exit).toBe(0);
    expect(up.out()).toContain('one-1 | one done');
    expect(up.out()).toContain('two-1 | two done');
    expect(up.out()).toContain('Every container of the project has exited.');
    expect(await docker(dockerHost, ['ps', '-q', '--filter', 'label=com.docker.compose.project=batch'])).toBe('');

    // With a container that keeps running, up stays attached after the others have exited, until Ctrl-C.
    const longFile = join(dir, 'long.yaml');
    writeFileSync(
      longFile,
      `services:\n  one:\n    image: ${BUSYBOX_IMAGE}\n    command: ['sh', '-c', 'echo one done']\n  long:\n    image: ${BUSYBOX_IMAGE}\n    command: ['sleep', '3600']\n    stop_signal: SIGKILL\n`,
    );
    const held = attachedUp(longFile, 'held');
    await eventually(
      async () =>
        (await docker(dockerHost, ['inspect', '-f', '{{.State.Status}}', 'held-one-1']).catch(() => '')) === 'exited' && held.out().includes('one done'),
      60_000,
    );
    expect(held.child.exitCode).toBeNull();
    held.child.kill('SIGINT');
    expect(await held.exit).toBe(0);
    expect(held.out()).toContain('Stopping…');
    expect(held.out()).not.toContain('Every container of the project has exited.');
  }, 120_000);
});
