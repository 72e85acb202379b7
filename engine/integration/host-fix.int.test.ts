/**
 * A privileged fix run through pkexec, for real: a user who is not root
 * (`berth-pk`, made here) without subordinate IDs, the system's D-Bus and
 * polkit daemon (started here when they are not running), and pkexec.
 * Without an agent to ask for the password the fix is refused with the
 * command to run, and nothing changes; with polkit saying yes (a rule for
 * this user, standing in for the password typed into the desktop's agent)
 * the Engine page's fix (`engine.fixHost`) gives the user a range of its own,
 * read back from /etc/subuid and /etc/subgid; a fix no longer needed is refused.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcClient } from '../rpc/client.js';
import { parseSubids } from '../engine/rootless-checks.js';
import { sleep } from '../util/fs.js';
import { client } from './harness.js';
import { berthAs, homeFor, type TestUser } from './rootless-user.js';

const NAME = 'berth-pk';
const RULE = '/etc/polkit-1/rules.d/49-berth-test.rules';
const POLKITD = '/usr/lib/polkit-1/polkitd';
const BUS = '/run/dbus/system_bus_socket';

const missing = [
  process.getuid?.() !== 0 ? 'it must run as root (to make a user and start polkit)' : '',
  ...['/usr/bin/pkexec', POLKITD, '/usr/bin/dbus-daemon', '/usr/bin/dbus-send'].map((p) => (existsSync(p) ? '' : `${p} is missing`)),
].filter(Boolean);
// In CI the packages are there (`scripts/setup` installs them): a missing one fails rather than skips.
if (missing.length && process.env.CI) throw new Error(`The pkexec fix test cannot run: ${missing.join('; ')}.`);
if (missing.length) console.warn(`pkexec fix test skipped: ${missing.join('; ')}.`);

const sh = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8' });
const polkitAnswers = () =>
  sh('dbus-send', [
    '--system',
    '--print-reply',
    '--dest=org.freedesktop.DBus',
    '/',
    'org.freedesktop.DBus.NameHasOwner',
    'string:org.freedesktop.PolicyKit1',
  ]).stdout.includes('boolean true');

/** The user's ranges in a subordinate ID file, as `start-end` for usermod. */
const rangesOf = (text: string) =>
  parseSubids(text)
    .filter((r) => r.owner === NAME)
    .map((r) => `${r.start}-${r.start + r.count - 1}`);

let user: TestUser;
let home = '';
let rpc: RpcClient | undefined;
let busPid: number | undefined;
let polkitd: ReturnType<typeof spawn> | undefined;

/** Take every subordinate ID range of the user away (useradd gives one). */
function dropSubids(): void {
  const args = [
    ...rangesOf(readFileSync('/etc/subuid', 'utf8')).flatMap((r) => ['--del-subuids', r]),
    ...rangesOf(readFileSync('/etc/subgid', 'utf8')).flatMap((r) => ['--del-subgids', r]),
  ];
  if (args.length) execFileSync('usermod', [...args, NAME]);
}

describe.skipIf(missing.length > 0)('a privileged fix through pkexec', () => {
  beforeAll(async () => {
    rmSync(RULE, { force: true });
    if (sh('id', ['-u', NAME]).status !== 0) execFileSync('useradd', ['--no-create-home', '--shell', '/usr/sbin/nologin', NAME]);
    dropSubids();
    const ids = ['-u', '-g'].map((f) => Number(execFileSync('id', [f, NAME], { encoding: 'utf8' }).trim()));
    user = { name: NAME, uid: ids[0]!, gid: ids[1]!, switched: true };
    home = homeFor(user, 'pk');
    // The system bus and polkit, as a desktop has them running.
    if (!existsSync(BUS) || sh('dbus-send', ['--system', '--dest=org.freedesktop.DBus', '/', 'org.freedesktop.DBus.Peer.Ping']).status !== 0) {
      rmSync('/run/dbus/pid', { force: true });
      execFileSync('mkdir', ['-p', '/run/dbus']);
      busPid = Number(execFileSync('dbus-daemon', ['--system', '--fork', '--print-pid'], { encoding: 'utf8' }).trim());
    }
    if (!polkitAnswers()) polkitd = spawn(POLKITD, ['--no-debug'], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !polkitAnswers(); i++) await sleep(100);
    expect(polkitAnswers(), 'polkitd did not take its name on the system bus').toBe(true);
  }, 60_000);

  afterAll(async () => {
    rpc?.close();
    if (home) await berthAs(user, home, ['engine', 'down']);
    rmSync(RULE, { force: true });
    if (user) {
      dropSubids();
      sh('userdel', [NAME]);
    }
    if (home) rmSync(home, { recursive: true, force: true });
    polkitd?.kill();
    if (busPid) {
      process.kill(busPid, 'SIGTERM');
      rmSync('/run/dbus/pid', { force: true });
    }
  }, 60_000);

  it('engine check names the missing range and the fix Berth can run', async () => {
    const check = await berthAs(user, home, ['engine', 'check']);
    expect(check.stdout).toContain(`${NAME} has fewer than 65536 subordinate IDs`);
    expect(check.stdout).toContain('`berth engine fix subids`');
  });

  it('with no agent to ask for the password, the fix is refused with the command to run, and nothing changes', async () => {
    const before = [readFileSync('/etc/subuid', 'utf8'), readFileSync('/etc/subgid', 'utf8')];
    const fix = await berthAs(user, home, ['engine', 'fix', 'subids']);
    expect(fix.code).toBe(1);
    expect(fix.stderr).toContain('pkexec could not ask for the password (no polkit agent answered)');
    expect(fix.stderr).toMatch(/run `sudo usermod --add-subuids \d+-\d+ --add-subgids \d+-\d+ berth-pk` in a terminal/);
    expect([readFileSync('/etc/subuid', 'utf8'), readFileSync('/etc/subgid', 'utf8')]).toEqual(before);
  });

  it('once polkit says yes, the Engine page’s fix gives the user a range of its own', async () => {
    writeFileSync(
      RULE,
      `polkit.addRule(function (action, subject) {\n  if (action.id == "org.freedesktop.policykit.exec" && subject.user == "${NAME}") return polkit.Result.YES;\n});\n`,
    );
    // polkitd reads its rules again when the folder changes.
    for (let i = 0; i < 100 && sh('runuser', ['-u', NAME, '--', 'pkexec', '/bin/true']).status !== 0; i++) await sleep(100);
    // The backend as the user (as the app starts it), reached over its control socket.
    expect((await berthAs(user, home, ['diagnostics'])).code).toBe(0);
    rpc = await client(home);
    const checks = await rpc.call('engine.fixHost', { fix: 'subids' });
    const native = checks.find((c) => c.mode === 'native')!;
    expect(native.problems.map((p) => p.fixId)).not.toContain('subids');
    // Read back independently: one range of 65536 for the user, overlapping nobody's.
    for (const file of ['/etc/subuid', '/etc/subgid']) {
      const all = parseSubids(readFileSync(file, 'utf8'));
      const mine = all.filter((r) => r.owner === NAME);
      expect(mine.map((r) => r.count)).toEqual([65536]);
      for (const other of all.filter((r) => r.owner !== NAME)) {
        const overlap = mine[0]!.start < other.start + other.count && other.start < mine[0]!.start + mine[0]!.count;
        expect(overlap, `${file}: ${NAME}'s range overlaps ${other.owner}'s`).toBe(false);
      }
    }
  });

  it('a fix that is no longer needed is refused, from the CLI and the page alike', async () => {
    const fix = await berthAs(user, home, ['engine', 'fix', 'subids']);
    expect(fix.code).toBe(1);
    expect(fix.stderr).toContain('Nothing to fix: subids is already in place on this machine.');
    await expect(rpc!.call('engine.fixHost', { fix: 'subids' })).rejects.toThrow('Nothing to fix: subids is already in place');
  });
});
