/**
 * Running Berth as a real user who is not root, for the rootless engine's
 * tests. As root, the tests act as `berth-ci` (made by `.ci/run`, with
 * subordinate ID ranges; BERTH_ROOTLESS_USER names another) through
 * `runuser`; as any other user, they act as that user directly.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, mkdtempSync, promises as fs, readlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CliResult } from '../../e2e/fixtures/berth.js';

const root = resolve(import.meta.dirname, '..', '..');

export interface TestUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  /** True when the tests switch to this user (they run as root). */
  readonly switched: boolean;
}

/** The user the rootless tests run Berth as, or why there is none. */
export function rootlessUser(env: NodeJS.ProcessEnv = process.env): TestUser | { missing: string } {
  if (process.getuid?.() !== 0) {
    return { name: execFileSync('id', ['-un'], { encoding: 'utf8' }).trim(), uid: process.getuid!(), gid: process.getgid!(), switched: false };
  }
  const name = env.BERTH_ROOTLESS_USER || 'berth-ci';
  try {
    const [uid, gid] = ['-u', '-g'].map((f) => Number(execFileSync('id', [f, name], { encoding: 'utf8' }).trim()));
    return { name, uid: uid!, gid: gid!, switched: true };
  } catch {
    return { missing: `there is no user ${name} to run the rootless engine as (\`.ci/run\` makes it; BERTH_ROOTLESS_USER names another)` };
  }
}

/** A fresh, short Berth home owned by the user. */
export function homeFor(user: TestUser, tag: string): string {
  const home = mkdtempSync(join('/tmp', `bt-${tag}-`));
  if (user.switched) chownSync(home, user.uid, user.gid);
  return home;
}

/** A folder the user can read (a build context). */
export function readableDir(user: TestUser): string {
  const dir = mkdtempSync(join('/tmp', 'bt-ctx-'));
  if (user.switched) chownSync(dir, user.uid, user.gid);
  return dir;
}

/** Run `berth <args>` for a home as the user, as they would in their terminal. */
export function berthAs(user: TestUser, home: string, args: string[]): Promise<CliResult> {
  const cli = [process.execPath, '--import', 'tsx', join(root, 'engine', 'cli.ts'), ...args];
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', BERTH_HOME: home, LANG: 'C.UTF-8' };
  const [cmd, argv] = user.switched
    ? ['runuser', ['-u', user.name, '--', 'env', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...cli]]
    : [cli[0]!, cli.slice(1)];
  return new Promise((res) => {
    const child = spawn(cmd, argv, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (code) => res({ code: code ?? 1, stdout, stderr }));
  });
}

/** A live (not zombie) process: its pid, owner, user namespace and command line. */
export interface LiveProc {
  readonly pid: number;
  readonly uid: number;
  readonly userns: string;
  readonly cmdline: string;
}

/** Every live process of this machine, read from /proc. */
export async function liveProcs(): Promise<LiveProc[]> {
  const out: LiveProc[] = [];
  for (const name of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = await fs.readFile(`/proc/${name}/status`, 'utf8');
      if (/^State:\s+[ZX]/m.test(status)) continue;
      const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
      const cmdline = (await fs.readFile(`/proc/${name}/cmdline`, 'utf8')).replace(/\0/g, ' ');
      out.push({ pid: Number(name), uid, userns: readlinkSync(`/proc/${name}/ns/user`), cmdline });
    } catch {
      /* exited while we looked, or not ours to read */
    }
  }
  return out;
}
