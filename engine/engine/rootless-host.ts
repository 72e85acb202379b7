/**
 * Reading what the rootless engine needs off this machine (the facts
 * rootless-checks.ts judges), finding RootlessKit's programs, and running
 * one of the fixed privileged fixes through pkexec.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, promises as fs, statfsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { HostFixId } from './contract.js';
import { searchOrder } from './binaries.js';
import { fixArgv, fixCommand, rootlessProblems, type RootlessFacts } from './rootless-checks.js';

const run = promisify(execFile);

/** Programs the rootless engine runs besides dockerd's own. */
export const ROOTLESS_PROGRAMS = ['rootlesskit', 'rootlesskit-docker-proxy', 'slirp4netns', 'newuidmap', 'newgidmap'] as const;
export type RootlessProgram = (typeof ROOTLESS_PROGRAMS)[number];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The path of a program from the engine's search order (bundle, project, system), or undefined. */
export function findProgram(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const { dirs } of searchOrder(env)) {
    const dir = dirs.find((d) => executable(join(d, name)));
    if (dir) return join(dir, name);
  }
  return undefined;
}

const readOr = (path: string): Promise<string | undefined> => fs.readFile(path, 'utf8').catch(() => undefined);
const sysctl = async (path: string) => (await readOr(`/proc/sys/${path}`))?.trim();

function tunAccess(): RootlessFacts['tun'] {
  if (!existsSync('/dev/net/tun')) return 'missing';
  try {
    accessSync('/dev/net/tun', constants.R_OK | constants.W_OK);
    return 'ok';
  } catch {
    return 'denied';
  }
}

/** cgroup2fs's magic number, as statfs reports it for the unified hierarchy. */
const CGROUP2_MAGIC = 0x63677270;

/** Whether this machine boots with the unified cgroup hierarchy (v2) or v1. */
export function cgroupVersion(): 1 | 2 {
  try {
    return statfsSync('/sys/fs/cgroup').type === CGROUP2_MAGIC ? 2 : 1;
  } catch {
    return 1;
  }
}

/** Everything rootless-checks.ts judges, read off this machine for the user Berth runs as. */
export async function rootlessFacts(env: NodeJS.ProcessEnv = process.env): Promise<RootlessFacts> {
  const me = userInfo();
  const found = (p: string) => !!findProgram(p, env);
  return {
    user: me.username,
    uid: me.uid,
    subuid: await readOr('/etc/subuid'),
    subgid: await readOr('/etc/subgid'),
    programs: {
      newuidmap: found('newuidmap'),
      newgidmap: found('newgidmap'),
      rootlesskit: found('rootlesskit'),
      slirp4netns: found('slirp4netns'),
      'rootlesskit-docker-proxy': found('rootlesskit-docker-proxy'),
    },
    sysctl: {
      unprivilegedUsernsClone: await sysctl('kernel/unprivileged_userns_clone'),
      maxUserNamespaces: await sysctl('user/max_user_namespaces'),
      apparmorRestrictUserns: await sysctl('kernel/apparmor_restrict_unprivileged_userns'),
      unprivilegedPortStart: await sysctl('net/ipv4/ip_unprivileged_port_start'),
    },
    tun: tunAccess(),
    cgroupVersion: cgroupVersion(),
    pkexec: !!findProgram('pkexec', env),
  };
}

/** Where each fix's program lives on Debian, so pkexec runs exactly that file. */
const SYSTEM_PATH = '/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * Run one fix as root through pkexec, which asks the user for the password
 * (the desktop's polkit agent). Only the fixed command of that id, built
 * here from this machine's facts, is ever run; a fix not needed now is refused.
 */
export async function runHostFix(id: HostFixId, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const facts = await rootlessFacts(env);
  const { problems } = rootlessProblems({ ...facts, pkexec: true });
  if (!problems.some((p) => p.fixId === id)) throw new Error(`Nothing to fix: ${id} is already in place on this machine.`);
  const command = fixCommand(id, facts);
  const pkexec = findProgram('pkexec', env);
  if (!pkexec) throw new Error(`Berth cannot ask for the administrator password here (pkexec is not installed): run \`${command}\` in a terminal.`);
  const [program, ...args] = fixArgv(id, facts);
  const path = SYSTEM_PATH.split(':')
    .map((d) => join(d, program!))
    .find(executable);
  if (!path) throw new Error(`${program} is not on this machine: run \`${command}\` in a terminal.`);
  try {
    await run(pkexec, [path, ...args], { timeout: 10 * 60_000 });
  } catch (err) {
    const e = err as { code?: number; stderr?: string };
    // pkexec exits 126 when the password dialog was dismissed, 127 when no agent could ask.
    if (e.code === 126) throw new Error(`The fix was not run: the password was not given. Run \`${command}\` in a terminal instead.`);
    if (e.code === 127) throw new Error(`pkexec could not ask for the password (no polkit agent answered): run \`${command}\` in a terminal.`);
    throw new Error(`\`${command}\` failed${e.stderr?.trim() ? `: ${e.stderr.trim().split('\n').pop()}` : ''}.`);
  }
}
