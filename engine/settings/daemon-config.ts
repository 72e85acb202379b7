/**
 * The engine's daemon.json, as the user edits it: the options of the dockerd
 * Berth runs (native, or inside the VM). Checked in two steps before it is
 * saved: as JSON here (an object, none of the options Berth itself sets),
 * then by dockerd itself, which loads the file beside the flags Berth uses
 * and, run unprivileged, stops right after — so unknown options, wrong
 * types, bad values and clashes with Berth's flags get dockerd's own words.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerdArgs, findEngineBinaries, layout, type HomeLayout } from '../engine/index.js';
import { writeFileAtomic } from '../util/fs.js';

/** What a new home's daemon.json holds. */
export const DEFAULT_DAEMON_JSON = '{}\n';

/** Options Berth sets itself (as flags, or in the VM's unit), with the reason a user cannot. */
export const RESERVED_OPTIONS: Readonly<Record<string, string>> = {
  'data-root': 'Berth keeps the engine data in its home (or on the VM data disk)',
  'exec-root': 'Berth keeps the engine runtime state in its home',
  pidfile: 'Berth tracks the engine by its own pidfile',
  hosts: 'Berth serves the engine on its own private socket',
  group: "the engine's socket stays private to you",
  bridge: 'Berth gives the engine its own bridge so it never meets a system Docker',
  bip: 'Berth chooses the bridge address (settings.json engine.subnet)',
  iptables: 'Berth publishes ports with docker-proxy, leaving the system firewall alone',
  ip6tables: 'Berth publishes ports with docker-proxy, leaving the system firewall alone',
  'ip-forward': 'Berth switches IPv4 forwarding on with its own nftables table, and off again when it stops',
  'cgroup-parent': "Berth puts the engine's containers under its own cgroup",
  'exec-opts': 'Berth sets the cgroup driver',
  containerd: 'the engine uses the containerd Berth starts',
  tlsverify: 'the engine is reached through a private socket, not TCP',
  tls: 'the engine is reached through a private socket, not TCP',
};

export type ParsedDaemonConfig = { ok: true; options: Record<string, unknown> } | { ok: false; error: string };

/** Pure: the line and column of a character offset. */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

/** Pure: read daemon.json text as Berth accepts it, or say exactly what is wrong and where. */
export function parseDaemonConfig(text: string): ParsedDaemonConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const at = /at position (\d+)/.exec(message);
    const what = message
      .replace(/\s*in JSON at position \d+.*$/s, '')
      .replace(/^(Unexpected token .+?), ".*" is not valid JSON$/s, '$1')
      .replace(/^Unexpected end of JSON input$/, 'it ends too early (a missing } or ]?)');
    return { ok: false, error: `This is not valid JSON${at ? ` (${lineAndColumn(text, Number(at[1]))})` : ''}: ${what}.` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: 'daemon.json must be one JSON object, like {"debug": true}.' };
  }
  const reserved = Object.keys(value).filter((k) => k in RESERVED_OPTIONS);
  if (reserved.length) {
    return { ok: false, error: reserved.map((k) => `"${k}" is set by Berth: ${RESERVED_OPTIONS[k]}.`).join(' ') + ' Remove it.' };
  }
  return { ok: true, options: value as Record<string, unknown> };
}

/** What dockerd prints once it has read and validated its configuration (it stops at the root check). */
const ACCEPTED = [/needs to be started with root privileges/];

/** Pure: dockerd's verdict on a configuration, from what it printed when asked to start with it. */
export function dockerdVerdict(output: string, configFile: string): string | null {
  if (ACCEPTED.some((re) => re.test(output))) return null;
  const lines = output
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
  const said = lines.filter((s) => !/level=(info|debug|warning)/.test(s)).pop() ?? lines.pop() ?? 'dockerd stopped without saying why';
  return `dockerd refused this configuration: ${said.replace(`unable to configure the Docker daemon with file ${configFile}: `, '')}`;
}

/** The unprivileged user the check runs dockerd as, when Berth runs as root (nobody, on Linux). */
const CHECK_UID = 65534;

/**
 * Ask this machine's dockerd whether it accepts the options, with the flags
 * Berth starts it with, in a throwaway folder. It runs unprivileged (as
 * nobody when Berth is root): dockerd reads and validates its configuration
 * before it checks for root, and stops there having created nothing (as
 * root it would go on to mount its data folder). Null when accepted; a
 * sentence when not; 'unchecked' when there is no dockerd here (VM mode on
 * macOS or Windows).
 */
export async function checkWithDockerd(text: string): Promise<string | null | 'unchecked'> {
  let dockerd: string;
  try {
    dockerd = findEngineBinaries().paths.dockerd;
  } catch {
    return 'unchecked';
  }
  const asRoot = process.getuid?.() === 0;
  const dir = await fs.mkdtemp(join(tmpdir(), 'berth-daemon-json-'));
  try {
    const scratch = layout(dir);
    await fs.mkdir(join(dir, 'engine'), { recursive: true });
    await fs.writeFile(scratch.daemonConfig, text, { mode: 0o600 });
    if (asRoot) for (const p of [dir, join(dir, 'engine'), scratch.daemonConfig]) await fs.chown(p, CHECK_UID, CHECK_UID);
    const output = await new Promise<string | undefined>((resolve) => {
      execFile(
        dockerd,
        dockerdArgs(scratch, 'berth-check'),
        { timeout: 10_000, env: { PATH: process.env.PATH ?? '' }, ...(asRoot ? { uid: CHECK_UID, gid: CHECK_UID } : {}) },
        // A dockerd that could not be run at all (e.g. nobody may not read it) has not said anything about the file.
        (err, stdout, stderr) => resolve(typeof (err as NodeJS.ErrnoException | null)?.code === 'string' ? undefined : `${stdout}\n${stderr}`),
      );
    });
    return output === undefined ? 'unchecked' : dockerdVerdict(output, scratch.daemonConfig);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** The daemon.json text as saved (the default when none is). */
export async function readDaemonConfig(l: HomeLayout): Promise<string> {
  return fs.readFile(l.daemonConfig, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return DEFAULT_DAEMON_JSON;
    throw err;
  });
}

/** Write daemon.json as given (the user's formatting kept), atomically. */
export async function writeDaemonConfig(l: HomeLayout, text: string): Promise<void> {
  await fs.mkdir(join(l.home, 'engine'), { recursive: true, mode: 0o700 });
  await writeFileAtomic(l.daemonConfig, text.endsWith('\n') ? text : `${text}\n`);
}
