/** Shell sessions in containers against a real engine, through the backend's RPC. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcClient } from '../rpc/client.js';
import type { RpcError } from '../rpc/protocol.js';
import type { TerminalEvent } from '../contract/index.js';
import { BUSYBOX_IMAGE, importShellless } from '../../e2e/fixtures/images.js';
import { HIGH_WATER, MAX_BATCH_BYTES } from '../terminal/terminal-flow.js';
import { docker, eventually, removeHomes, startTestEngine, tempHome } from './harness.js';
import { readFileSync } from 'node:fs';

const home = tempHome('term');
let dockerHost = '';
let rpc: RpcClient;

type TerminalMethod = 'terminal.open' | 'terminal.attach' | 'terminal.engineShell';

/** A shell session seen from the client side: decoded output, events, and acks sent only when asked. */
function openSession(id: string, opts: { cols?: number; rows?: number; autoAck?: boolean } = {}) {
  return openTerminal('terminal.open', { id, cols: opts.cols ?? 80, rows: opts.rows ?? 24 }, opts);
}

/** Any terminal session seen from the client side. */
function openTerminal(method: TerminalMethod, input: Record<string, unknown>, opts: { autoAck?: boolean } = {}) {
  const s = { text: '', bytes: 0, events: [] as TerminalEvent[], ended: false, error: undefined as RpcError | undefined };
  const sub = rpc.duplex(method as 'terminal.open', input as { id: string; cols: number; rows: number }, {
    next: (e) => {
      s.events.push(e);
      if (e.t !== 'data') return;
      const bytes = Buffer.from(e.data, 'base64');
      s.bytes += bytes.length;
      s.text += bytes.toString('utf8');
      if (s.text.length > 200_000) s.text = s.text.slice(-100_000);
      if (opts.autoAck !== false) sub.push({ t: 'ack', bytes: bytes.length });
    },
    end: (err) => {
      s.ended = true;
      s.error = err;
    },
  });
  const type = (text: string) => sub.push({ t: 'input', data: text });
  const waitFor = (re: RegExp, ms = 15_000) => eventually(() => re.test(s.text) || undefined, ms);
  /** Wait for the prompt (ash may follow it with a cursor query and a redraw), as a user would before typing: input sent earlier may be flushed by the starting shell. */
  const prompt = () => waitFor(/# (\x1b\[(6n|J))?$/);
  return { s, sub, type, waitFor, prompt };
}

/** How many execs the engine created in a container since a moment. */
async function execsCreated(name: string, since: number): Promise<number> {
  const out = await docker(dockerHost, [
    'events',
    '--since',
    String(Math.floor(since / 1000) - 1),
    '--until',
    String(Math.ceil(Date.now() / 1000)),
    '--filter',
    `container=${name}`,
    '--filter',
    'event=exec_create',
    '--format',
    '{{.Action}}',
  ]);
  return out.split('\n').filter((a) => a.startsWith('exec_create')).length;
}

/** Host pids of the container's processes whose command matches. */
async function processes(name: string, re: RegExp): Promise<string[]> {
  const out = await docker(dockerHost, ['top', name, '-o', 'pid,args']).catch(() => '');
  return out
    .split('\n')
    .slice(1)
    .filter((l) => re.test(l));
}

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
});
afterAll(async () => {
  rpc?.close();
  await removeHomes();
});

describe('terminal sessions', () => {
  it('runs a shell in the working dir, with the terminal env, and answers a command, from one exec', async () => {
    await docker(dockerHost, ['run', '-d', '--name', 'sh-basic', '-w', '/tmp', BUSYBOX_IMAGE, 'sleep', '600']);
    const started = Date.now();
    const t = openSession('sh-basic');
    await t.prompt();
    expect(t.s.events[0]).toEqual({ t: 'ready', shell: 'sh', user: 'root', workdir: '/tmp' });
    // No probes: the session's own exec picked the shell.
    expect(await execsCreated('sh-basic', started)).toBe(1);
    t.type('echo $((6*7)); pwd; echo "$TERM/$COLORTERM"\r');
    await t.waitFor(/\r\n42\r\n\/tmp\r\nxterm-256color\/truecolor\r\n/);
    // The pid marker never reaches the client.
    expect(t.s.text).not.toContain('7707');
    t.sub.cancel();
  });

  it('takes the size it was opened with, then follows resizes', async () => {
    await docker(dockerHost, ['run', '-d', '--name', 'sh-size', BUSYBOX_IMAGE, 'sleep', '600']);
    const t = openSession('sh-size', { cols: 100, rows: 30 });
    await t.prompt();
    t.type('stty size\r');
    await t.waitFor(/\r\n30 100\r\n/);
    t.sub.push({ t: 'resize', cols: 132, rows: 43 });
    await new Promise((r) => setTimeout(r, 200));
    t.type('stty size\r');
    await t.waitFor(/\r\n43 132\r\n/);
    t.sub.cancel();
  });

  it('closing the session hangs up the shell and what it runs (gone from docker top)', async () => {
    await docker(dockerHost, ['run', '-d', '--name', 'sh-close', BUSYBOX_IMAGE, 'sleep', '600']);
    const t = openSession('sh-close');
    await t.prompt();
    t.type('sleep 4242\r');
    await eventually(async () => ((await processes('sh-close', /sleep 4242/)).length ? true : undefined));
    expect(await processes('sh-close', /^\s*\d+\s+sh\s*$/)).toHaveLength(1);
    t.sub.cancel();
    await eventually(async () => ((await processes('sh-close', /sleep 4242|^\s*\d+\s+sh\s*$/)).length === 0 ? true : undefined), 5000);
    // Only the container's own process is left.
    expect((await processes('sh-close', /./)).map((l) => l.trim().replace(/^\d+\s+/, ''))).toEqual(['sleep 600']);
  });

  it('ends with a sentence when the container stops', async () => {
    await docker(dockerHost, ['run', '-d', '--name', 'sh-stop', BUSYBOX_IMAGE, 'sleep', '600']);
    const t = openSession('sh-stop');
    await t.prompt();
    t.type('echo up\r');
    await t.waitFor(/\r\nup\r\n/);
    await docker(dockerHost, ['stop', '-t', '0', 'sh-stop']);
    await eventually(() => t.s.ended || undefined);
    expect(t.s.error).toBeUndefined();
    expect(t.s.events.at(-1)).toEqual({
      t: 'exit',
      reason: 'container-stopped',
      message: 'sh-stop stopped, which ended this shell. Start it again, then press Reconnect.',
    });
    // A stopped container gets a sentence, not a session.
    const again = openSession('sh-stop');
    await eventually(() => again.s.ended || undefined);
    expect(again.s.error?.message).toBe('sh-stop is not running: start it to open a shell.');
  });

  it('says the shell exited, with its code', async () => {
    await docker(dockerHost, ['run', '-d', '--name', 'sh-exit', BUSYBOX_IMAGE, 'sleep', '600']);
    const t = openSession('sh-exit');
    await t.prompt();
    t.type('exit 3\r');
    await eventually(() => t.s.ended || undefined);
    expect(t.s.events.at(-1)).toMatchObject({ t: 'exit', reason: 'exited', code: 3 });
  });

  it('opens a debug shell from a toolbox on an image without any shell, probing once, and removes the toolbox afterwards', async () => {
    await importShellless(dockerHost);
    await docker(dockerHost, ['run', '-d', '--name', 'no-shell', 'berth-test/no-shell:latest', '/bin/sleep', '600']);
    const started = Date.now();
    const t = openSession('no-shell');
    await t.waitFor(/Debug shell: no-shell has no shell \(tried bash, ash, sh\)/);
    expect(t.s.events[0]).toMatchObject({ t: 'ready', debug: true, workdir: '/proc/1/root', user: 'root' });
    await t.prompt();
    // The container's own files, from its root filesystem…
    t.type('ls /proc/1/root/bin\r');
    await t.waitFor(/\r\nsleep\r\n/);
    // …and its processes, from its pid namespace; `ls /` lists the toolbox.
    t.type('ps; ls /\r');
    await t.waitFor(/\/bin\/sleep 600/);
    await t.waitFor(/busybox|bin/);
    // One probe per shell in the container, no more: the engine saw three execs created there.
    // One exec for sh, then one probe for each other shell, no more.
    expect(await execsCreated('no-shell', started)).toBe(3);
    const toolbox = () => docker(dockerHost, ['ps', '-aq', '--filter', 'label=dev.berth.helper=debug-shell']);
    expect(await toolbox()).not.toBe('');
    t.sub.cancel();
    await eventually(async () => ((await toolbox()) === '' ? true : undefined));
    // The container itself is untouched and still running.
    expect(await docker(dockerHost, ['inspect', '-f', '{{.State.Running}}', 'no-shell'])).toBe('true');
  });

  it('stops reading a flood until the client acknowledges, then delivers the rest', async () => {
    await docker(dockerHost, ['run', '-d', '--name', 'sh-flood', BUSYBOX_IMAGE, 'sleep', '600']);
    const t = openSession('sh-flood', { autoAck: false });
    await t.prompt();
    t.type('yes | head -c 5000000; echo flood-$((1+1))\r');
    // Without acks, what arrives comes to a standstill (no new byte for 500 ms; on a loaded machine that can take
    // more than a second) under the high watermark plus one batch and one read.
    let unacked = -1;
    for (let i = 0; i < 40 && t.s.bytes !== unacked; i++) {
      unacked = t.s.bytes;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(t.s.bytes).toBe(unacked);
    expect(unacked).toBeGreaterThan(HIGH_WATER / 2);
    expect(unacked).toBeLessThanOrEqual(HIGH_WATER + MAX_BATCH_BYTES + 256 * 1024);
    // The pipeline is held back, not finished: the session shell and both busybox applets (shown as sh) are still there.
    expect((await processes('sh-flood', /^\s*\d+\s+sh\s*$/)).length).toBeGreaterThanOrEqual(3);
    expect(t.s.text).not.toContain('flood-2');
    // Acknowledge everything from now on: the whole flood arrives.
    const ack = setInterval(() => t.sub.push({ t: 'ack', bytes: 1 << 20 }), 5);
    await t.waitFor(/\r\nflood-2\r\n/, 60_000);
    clearInterval(ack);
    expect(t.s.bytes).toBeGreaterThan(5_000_000);
    t.sub.cancel();
  });
});

describe('attach to a main process (docker attach)', () => {
  const running = (name: string) => docker(dockerHost, ['inspect', '-f', '{{.State.Running}}', name]);
  const attach = (id: string, extra: Record<string, unknown> = {}) => openTerminal('terminal.attach', { id, cols: 90, rows: 20, ...extra });

  it('types into the main shell of a -it container at this terminal’s size, and the detach keys leave it running', async () => {
    await docker(dockerHost, ['run', '-dit', '--name', 'att-basic', BUSYBOX_IMAGE, 'sh']);
    const t = attach('att-basic');
    await t.waitFor(/Attached to the main process of att-basic\. Ctrl\+P Ctrl\+Q detaches/);
    expect(t.s.events[0]).toMatchObject({ t: 'ready', shell: 'sh', detachKeys: 'ctrl-p,ctrl-q' });
    t.type('\r');
    await t.prompt();
    t.type('echo $((6*7)); stty size\r');
    await t.waitFor(/\r\n42\r\n20 90\r\n/);
    t.type('\x10\x11');
    await eventually(() => t.s.ended || undefined);
    expect(t.s.error).toBeUndefined();
    expect(t.s.events.at(-1)).toEqual({
      t: 'exit',
      reason: 'detached',
      message: 'Detached (Ctrl+P Ctrl+Q); att-basic keeps running. Press Reconnect to attach again.',
    });
    expect(await running('att-basic')).toBe('true');
    // Closing a session detaches too, and the shell is still there for the next one.
    const again = attach('att-basic');
    await again.waitFor(/Attached/);
    again.type('\r');
    await again.prompt();
    again.sub.cancel();
    await new Promise((r) => setTimeout(r, 300));
    expect(await running('att-basic')).toBe('true');
    const third = attach('att-basic');
    await third.waitFor(/Attached/);
    third.type('echo still-$((1+1))\r');
    await third.waitFor(/\r\nstill-2\r\n/);
    // Leaving the main shell stops the container, and the session says so with its code.
    third.type('exit 5\r');
    await eventually(() => third.s.ended || undefined);
    expect(third.s.events.at(-1)).toEqual({
      t: 'exit',
      reason: 'container-stopped',
      code: 5,
      message: 'The main process of att-basic exited (code 5), so the container stopped. Start it again, then press Reconnect.',
    });
  });

  it('honours other detach keys, and refuses keys Docker would not read', async () => {
    await docker(dockerHost, ['run', '-dit', '--name', 'att-keys', BUSYBOX_IMAGE, 'sh']);
    const t = attach('att-keys', { detachKeys: 'ctrl-x,x' });
    await t.waitFor(/Ctrl\+X x detaches/);
    // The default keys are plain input now.
    t.type('\x10\x11echo typed-on\r');
    await t.waitFor(/typed-on\r\n/);
    expect(t.s.ended).toBe(false);
    t.type('\x18x');
    await eventually(() => t.s.ended || undefined);
    expect(t.s.events.at(-1)).toMatchObject({ reason: 'detached', message: expect.stringContaining('Detached (Ctrl+X x)') });
    expect(await running('att-keys')).toBe('true');
    const bad = attach('att-keys', { detachKeys: 'ctrl-1' });
    await eventually(() => bad.s.ended || undefined);
    expect(bad.s.error?.message).toContain('“ctrl-1” is not a detach key');
  });

  it('says why a container without -i and -t cannot be attached to', async () => {
    await docker(dockerHost, ['run', '-d', '--name', 'att-no-tty', BUSYBOX_IMAGE, 'sleep', '600']);
    const t = attach('att-no-tty');
    await eventually(() => t.s.ended || undefined);
    expect(t.s.error?.message).toBe(
      'att-no-tty was not run with -i and -t, so its main process takes no keyboard: open a shell in it instead, or read its logs.',
    );
  });
});

describe('engine shell', () => {
  const engineShell = () => openTerminal('terminal.engineShell', { cols: 100, rows: 30 });

  it('runs a shell on this computer whose docker CLI drives Berth’s engine, and says how it exited', async () => {
    await docker(dockerHost, ['run', '-d', '--name', 'seen-from-engine-shell', BUSYBOX_IMAGE, 'sleep', '600']);
    const t = engineShell();
    await t.waitFor(/Engine shell on this computer, with DOCKER_HOST=/);
    expect(t.s.events[0]).toMatchObject({ t: 'ready', dockerHost });
    expect(t.s.text).toContain('The docker CLI here drives Berth’s engine.');
    t.type('echo "host=$DOCKER_HOST"; stty size; docker ps --format "name={{.Names}}" --filter name=seen-from\r');
    await t.waitFor(new RegExp(`host=${dockerHost.replace(/[/.]/g, '\\$&')}\r\n30 100\r\n`));
    await t.waitFor(/name=seen-from-engine-shell\r\n/);
    t.type('exit 3\r');
    await eventually(() => t.s.ended || undefined);
    expect(t.s.events.at(-1)).toEqual({ t: 'exit', reason: 'exited', code: 3, message: 'The shell exited (code 3). Press Reconnect for a new one.' });
  });

  it('closing it hangs up the shell and what it runs', async () => {
    const t = engineShell();
    await t.waitFor(/DOCKER_HOST=/);
    t.type('echo "pid=$$"; sleep 4243\r');
    await t.waitFor(/pid=\d+/);
    const pid = Number(/pid=(\d+)/.exec(t.s.text)![1]);
    expect(gone(pid)).toBe(false);
    const sleeper = () => readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    await eventually(() => sleeper() !== '' || undefined);
    const child = Number(sleeper().split(' ')[0]);
    t.sub.cancel();
    await eventually(() => (gone(pid) && gone(child)) || undefined, 5000);
  });
});

/** True when a process has ended (a zombie has: this machine's init may never reap it). */
function gone(pid: number): boolean {
  try {
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}
