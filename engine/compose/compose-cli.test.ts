import { describe, expect, it } from 'vitest';
import { splitAtCommand } from './compose-cli.js';
import { composeMain, ComposeUsageError } from './compose-cli.js';
import { imagesToRemove, pullDecision } from './compose-images.js';
import { parseExecArgs } from './compose-exec.js';
import type { ComposeProject } from './normalize.js';

const project: ComposeProject = {
  name: 'p',
  workingDir: '/p',
  configFiles: [],
  profiles: [],
  services: {
    app: { build: { context: '/p/app' } },
    tagged: { build: { context: '/p/app' }, image: 'me/app:1' },
    db: { image: 'db:1' },
    fixed: { image: 'fixed:1', pull_policy: 'never' },
    lazy: { image: 'lazy:1', pull_policy: 'missing' },
  },
  disabledServices: {},
  networks: {},
  volumes: {},
  configs: {},
  secrets: {},
};

describe('the compose command line', () => {
  it('finds the command after the project options, so logs -f is --follow and -f FILE before it is a file', () => {
    expect(splitAtCommand(['-f', 'a.yaml', '-p', 'x', 'logs', '-f', 'web'])).toEqual({
      before: ['-f', 'a.yaml', '-p', 'x'],
      command: 'logs',
      after: ['-f', 'web'],
    });
    expect(splitAtCommand(['--format', 'json', 'config'])).toEqual({ before: ['--format', 'json'], command: 'config', after: [] });
    expect(splitAtCommand(['-p', 'x'])).toEqual({ before: ['-p', 'x'], after: [] });
  });

  it('reads exec: options before SERVICE, the command after it untouched', () => {
    expect(parseExecArgs(['--index', '2', '-T', '-e', 'A=1', '-w', '/tmp', '-u', 'nobody', 'web', 'sh', '-c', 'exit 3'])).toEqual({
      service: 'web',
      command: ['sh', '-c', 'exit 3'],
      index: 2,
      noTty: true,
      env: ['A=1'],
      workdir: '/tmp',
      user: 'nobody',
    });
    expect(parseExecArgs(['web', 'ls', '-l'])).toMatchObject({ service: 'web', command: ['ls', '-l'], index: 1, noTty: false });
    expect(parseExecArgs(['--index=0', 'web', 'ls'])).toEqual({ error: '--index takes a container number from 1, not "0".' });
    expect(parseExecArgs(['web'])).toEqual({ error: 'exec needs a command to run in web, e.g. berth compose exec web sh.' });
    expect(parseExecArgs(['--bogus', 'web', 'ls'])).toEqual({ error: 'exec does not take --bogus.' });
  });

  it('refuses bad arguments with a sentence before reaching the backend', async () => {
    const never = () => Promise.reject(new Error('must not connect'));
    await expect(composeMain(['scale', 'web'], never)).rejects.toThrow(ComposeUsageError);
    await expect(composeMain(['scale', 'web'], never)).rejects.toThrow('"web" is not SERVICE=N');
    await expect(composeMain(['logs', '--tail', 'x'], never)).rejects.toThrow('--tail takes a number of lines or "all", not "x".');
    await expect(composeMain(['down', '--rmi', 'some'], never)).rejects.toThrow('--rmi takes local or all, not "some".');
    await expect(composeMain(['ps', 'web'], never)).rejects.toThrow('ps takes no arguments, not "web".');
    await expect(composeMain(['up', '--tail', '3'], never)).rejects.toThrow(/Unknown option "--tail"/);
    await expect(composeMain(['up', '-d', '--exit-code-from', 'web', 'web'], never)).rejects.toThrow(
      '--abort-on-container-exit and --exit-code-from watch an attached up: leave out -d.',
    );
    await expect(composeMain(['up', '--detach', '--abort-on-container-exit'], never)).rejects.toThrow(/leave out -d/);
    await expect(composeMain(['frobnicate'], never)).rejects.toThrow(/Unknown compose command "frobnicate"/);
  });
});

describe('pull and down --rmi choose their images', () => {
  it('pulls what has an image, honouring pull_policy, and skips what is built', () => {
    expect(pullDecision(project, 'db', true)).toEqual({ action: 'pull' });
    expect(pullDecision(project, 'app', false)).toEqual({ action: 'skip', why: 'it is built (berth compose build)' });
    expect(pullDecision(project, 'tagged', false)).toEqual({ action: 'pull' });
    expect(pullDecision(project, 'fixed', false)).toEqual({ action: 'skip', why: 'pull_policy: never' });
    expect(pullDecision(project, 'lazy', true)).toMatchObject({ action: 'skip' });
    expect(pullDecision(project, 'lazy', false)).toEqual({ action: 'pull' });
  });

  it('--rmi local removes only the images named after the project; all removes every service image', () => {
    expect(imagesToRemove('local', 'p', project, [])).toEqual(['p-app']);
    expect(imagesToRemove('all', 'p', project, [])).toEqual(['db:1', 'fixed:1', 'lazy:1', 'me/app:1', 'p-app']);
    expect(
      imagesToRemove('local', 'p', undefined, [
        { service: 'app', image: 'p-app' },
        { service: 'db', image: 'db:1' },
      ]),
    ).toEqual(['p-app']);
  });
});
