/**
 * External mode: an engine the user already runs. The endpoint is the one
 * chosen in settings, else DOCKER_HOST, the current docker context, then
 * /var/run/docker.sock.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { EngineDriver, EngineExit, RunningEngine } from './driver.js';
import { contextMetaFile, dockerConfigDir } from './docker-context.js';
import { engineVersion, parseDockerHost, ping } from './driver.js';
import { sleep } from '../util/fs.js';

export interface ResolvedEndpoint {
  readonly dockerHost: string;
  /** Where the choice came from, for the status line. */
  readonly source: 'settings' | 'DOCKER_HOST' | 'docker context' | 'default socket';
}

/** Pure: the docker context endpoint from a context's meta.json text. */
export function contextHost(metaJson: string): string | undefined {
  try {
    const meta = JSON.parse(metaJson) as { Endpoints?: { docker?: { Host?: string } } };
    return meta.Endpoints?.docker?.Host;
  } catch {
    return undefined;
  }
}

/** The host of the docker CLI's current context, if it is not "default". */
async function currentContextHost(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const configDir = dockerConfigDir(env);
  let name = env.DOCKER_CONTEXT;
  if (!name) {
    try {
      name = (JSON.parse(await fs.readFile(join(configDir, 'config.json'), 'utf8')) as { currentContext?: string }).currentContext;
    } catch {
      return undefined;
    }
  }
  if (!name || name === 'default') return undefined;
  try {
    return contextHost(await fs.readFile(contextMetaFile(configDir, name), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Decide which endpoint external mode uses. */
export async function resolveEndpoint(chosen: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<ResolvedEndpoint> {
  if (chosen) return { dockerHost: chosen, source: 'settings' };
  if (env.DOCKER_HOST) return { dockerHost: env.DOCKER_HOST, source: 'DOCKER_HOST' };
  const ctx = await currentContextHost(env);
  if (ctx) return { dockerHost: ctx, source: 'docker context' };
  return { dockerHost: 'unix:///var/run/docker.sock', source: 'default socket' };
}

/** How often an external engine is checked for life; it is not our child, so there is no exit event. */
const HEALTH_INTERVAL_MS = 1000;

export class ExternalDriver implements EngineDriver {
  readonly mode = 'external' as const;
  constructor(private readonly chosenHost: string | undefined) {}

  async start(signal: AbortSignal): Promise<RunningEngine> {
    const { dockerHost, source } = await resolveEndpoint(this.chosenHost);
    const ep = parseDockerHost(dockerHost);
    if (!(await ping(ep, 3000))) {
      throw new Error(`No Docker engine answers at ${dockerHost} (from ${source}): start that engine, or switch Berth to native mode.`);
    }
    const version = await engineVersion(ep);
    const released = new AbortController();
    const exited = (async () => {
      let misses = 0;
      while (!released.signal.aborted) {
        await sleep(HEALTH_INTERVAL_MS, released.signal).catch(() => undefined);
        if (released.signal.aborted) break;
        misses = (await ping(ep, 2000)) ? 0 : misses + 1;
        if (misses >= 2) return { why: `the engine at ${dockerHost} stopped answering`, killed: false };
      }
      return new Promise<EngineExit>(() => undefined);
    })();
    return {
      socket: ep.socketPath,
      dockerHost,
      version,
      exited,
      stop: async () => released.abort(),
    };
  }
}
