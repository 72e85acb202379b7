/**
 * The docker CLI's context for Berth's engine: `docker context use berth`
 * (or `docker --context berth …`) drives the engine Berth runs. Berth writes
 * the context's metadata where the CLI keeps it and keeps its endpoint
 * current; it never changes which context is the user's current one.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/fs.js';

/** The docker CLI's configuration folder. */
export const dockerConfigDir = (env: NodeJS.ProcessEnv = process.env) => env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker');

/** Pure: where the CLI keeps a context's metadata (a folder named by the sha256 of its name). */
export function contextMetaFile(configDir: string, name: string): string {
  return join(configDir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'), 'meta.json');
}

/**
 * The context name for a home: BERTH_DOCKER_CONTEXT when set, "berth" for
 * the default home, none for other homes (so temporary homes, e.g. tests',
 * leave the user's docker configuration alone).
 */
export function contextNameFor(env: NodeJS.ProcessEnv, isDefaultHome: boolean): string | undefined {
  return env.BERTH_DOCKER_CONTEXT || (isDefaultHome ? 'berth' : undefined);
}

/** Pure: the metadata the docker CLI reads for a context. */
export function contextMeta(name: string, dockerHost: string): string {
  return JSON.stringify({ Name: name, Metadata: { Description: "Berth's engine" }, Endpoints: { docker: { Host: dockerHost, SkipTLSVerify: false } } });
}

/** Create or update the context so it points at `dockerHost`; nothing is written when it already does. */
export async function ensureDockerContext(name: string, dockerHost: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const file = contextMetaFile(dockerConfigDir(env), name);
  const text = contextMeta(name, dockerHost);
  if ((await fs.readFile(file, 'utf8').catch(() => '')) === text) return;
  await fs.mkdir(join(file, '..'), { recursive: true, mode: 0o755 });
  await writeFileAtomic(file, text, 0o644);
}

/** The context the docker CLI uses when none is named (config.json's currentContext), if set. */
export async function currentDockerContext(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const config = await fs.readFile(join(dockerConfigDir(env), 'config.json'), 'utf8').catch(() => '');
  try {
    const value = (JSON.parse(config || '{}') as { currentContext?: unknown }).currentContext;
    return typeof value === 'string' && value ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Remove the context (its metadata and any TLS files). When it is the
 * current one, config.json goes back to the default context, so the CLI
 * does not fail on a context that is gone; the rest of config.json is kept
 * as it was. True when there was a context to remove.
 */
export async function removeDockerContext(name: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const dir = dockerConfigDir(env);
  const meta = join(contextMetaFile(dir, name), '..');
  const existed = await fs.stat(meta).then(
    () => true,
    () => false,
  );
  await fs.rm(meta, { recursive: true, force: true });
  await fs.rm(join(dir, 'contexts', 'tls', meta.split(/[\\/]/).pop()!), { recursive: true, force: true });
  if ((await currentDockerContext(env)) === name) {
    const file = join(dir, 'config.json');
    const config = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
    delete config.currentContext;
    await writeFileAtomic(file, JSON.stringify(config, null, '\t') + '\n', (await fs.stat(file)).mode & 0o777);
  }
  return existed;
}
