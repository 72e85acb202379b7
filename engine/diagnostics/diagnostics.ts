/**
 * The diagnostics bundle: what someone helping a user needs, in one
 * `.tar.gz` under `<home>/diagnostics`: versions (Berth, Node, the OS, the
 * engine, QEMU, the VM image), the engine's status and each mode's check, the
 * settings with anything secret-looking removed, and the last lines of the
 * backend's, dockerd's and the VM console's logs. Registry logins (sealed
 * under secrets/) are never read.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { arch, platform, release } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Diagnostics } from '../contract/index.js';
import { END, padding, tarHeader } from '../util/tar-writer.js';
import { checkModes, tailFile, type HomeLayout, type Supervisor, readManifest, findQemu, findImageDir, toEngineInfo } from '../engine/index.js';
import { BERTH_VERSION } from '../version.js';

const LOG_LINES = 2000;
const SECRET_KEY = /pass(word)?|secret|token|auth|credential|key$/i;

/** Pure: a copy of a JSON value with the value of every secret-looking key replaced. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? '(removed)' : redact(v)]));
  }
  return value;
}

/** Pure: a gzipped tar of text files. */
export function tarGz(files: ReadonlyArray<{ name: string; text: string }>, mtime: number): Buffer {
  const parts: Buffer[] = [];
  for (const f of files) {
    const body = Buffer.from(f.text, 'utf8');
    parts.push(tarHeader({ name: f.name, type: 'file', size: body.length, mode: 0o644, mtime }), body, padding(body.length));
  }
  parts.push(END);
  return gzipSync(Buffer.concat(parts));
}

const quietly = async <T>(fn: () => Promise<T> | T): Promise<T | string> => {
  try {
    return await fn();
  } catch (err) {
    return `unavailable: ${(err as Error).message}`;
  }
};

export async function createDiagnostics(l: HomeLayout, supervisor: Supervisor): Promise<Diagnostics> {
  const status = supervisor.status();
  const versions = {
    berth: BERTH_VERSION,
    node: process.version,
    os: `${platform()} ${release()} ${arch()}`,
    engine:
      status.state === 'running'
        ? await quietly(async () => toEngineInfo((await supervisor.docker().info()) as Record<string, unknown>))
        : `the engine is ${status.state}`,
    qemu: await quietly(() => execFileSync(findQemu('x86_64'), ['--version']).toString().split('\n')[0]),
    vmImage: await quietly(async () => {
      const m = await readManifest(findImageDir());
      return { kernel: m.kernel, packages: m.packages.length, arch: m.arch ?? 'x86_64' };
    }),
  };
  const settingsText = await fs.readFile(l.settingsFile, 'utf8').catch(() => '');
  let settings: unknown = 'no settings file (defaults)';
  if (settingsText) {
    try {
      settings = redact(JSON.parse(settingsText));
    } catch {
      settings = 'the settings file is not valid JSON, so it was left out';
    }
  }
  const log = async (file: string) => (await tailFile(file, LOG_LINES)).join('\n') + '\n';
  const files = [
    { name: 'versions.json', text: JSON.stringify(versions, null, 2) },
    { name: 'status.json', text: JSON.stringify({ status, checks: await checkModes() }, null, 2) },
    { name: 'settings.json', text: JSON.stringify(settings, null, 2) },
    { name: 'logs/backend.log', text: await log(l.backendLog) },
    { name: 'logs/dockerd.log', text: await log(l.engineLog) },
    { name: 'logs/vm-console.log', text: await log(l.vmConsoleLog) },
  ];
  const now = new Date();
  const dir = join(l.home, 'diagnostics');
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `berth-diagnostics-${now.toISOString().replace(/[:.]/g, '-')}.tar.gz`);
  const bundle = tarGz(files, Math.floor(now.getTime() / 1000));
  await fs.writeFile(path, bundle, { mode: 0o600 });
  return { path, bytes: bundle.length, files: files.map((f) => f.name) };
}
