/** Helpers for integration tests: a private Berth home, the real CLI, the real docker CLI. */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { connectBackend } from '../backend/launch.js';
import type { RpcClient } from '../rpc/client.js';

const exec = promisify(execFile);
export const root = resolve(import.meta.dirname, '..', '..');

/** A fresh, short Berth home (socket paths must stay short). */
export function tempHome(tag: string): string {
  return mkdtempSync(join('/tmp', `bt-${tag}-`));
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run `berth <args>` as a user would (`npm run -s berth -- …` runs the same entry). */
export function berth(home: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((res) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'engine', 'cli.ts'), ...args], {
      cwd: root,
      env: { ...process.env, ...env, BERTH_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (code) => res({ code: code ?? 1, stdout, stderr }));
  });
}

/** The docker CLI against a given engine. */
export async function docker(dockerHost: string, args: string[]): Promise<string> {
  const { stdout } = await exec('docker', args, { env: { ...process.env, DOCKER_HOST: dockerHost } });
  return stdout.trim();
}

export async function client(home: string): Promise<RpcClient> {
  const c = await connectBackend(home);
  if (!c) throw new Error(`no backend for ${home}`);
  return c;
}

/** Poll a condition (for tests only: the product never polls lists). */
export async function eventually<T>(fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
