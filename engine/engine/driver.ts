/** What every engine mode provides to the supervisor. */
import { request } from 'node:http';
import type { BootStage, EngineLimits, EngineMode } from '../contract/index.js';

export interface RunningEngine {
  readonly pid?: number;
  readonly socket?: string;
  readonly dockerHost: string;
  readonly version: string;
  /** Something the user should know, shown with the status. */
  readonly notice?: string;
  /** A rootless engine (native mode as a user other than root). */
  readonly rootless?: boolean;
  /** Set when containers cannot have memory and CPU limits, with the reason. */
  readonly limits?: EngineLimits;
  /** Resolves when the engine goes away without being asked to. */
  readonly exited: Promise<EngineExit>;
  /** Stop the engine (or let go of it, for an external one), cleaning up after it. */
  stop(): Promise<void>;
}

/** How an engine went away without being asked to. */
export interface EngineExit {
  /** What happened, as a sentence fragment ("dockerd was killed by SIGKILL"). */
  readonly why: string;
  /** Killed by a signal from outside (kill -9, the OOM killer) rather than failing by itself. */
  readonly killed: boolean;
}

export interface EngineDriver {
  readonly mode: EngineMode;
  /** Start (or connect to) the engine; resolves once `/_ping` answers. Reports boot stages as it reaches them. */
  start(signal: AbortSignal, progress?: (stage: BootStage) => void): Promise<RunningEngine>;
}

export interface Endpoint {
  readonly socketPath?: string;
  readonly host?: string;
  readonly port?: number;
}

/** Parse a DOCKER_HOST value into what http.request needs. */
export function parseDockerHost(value: string): Endpoint {
  if (value.startsWith('unix://')) return { socketPath: value.slice('unix://'.length) };
  // npipe:////./pipe/name → \\.\pipe\name (Windows named pipes, which Node connects to like sockets).
  if (value.startsWith('npipe://')) return { socketPath: value.slice('npipe://'.length).replace(/\//g, '\\') };
  if (value.startsWith('tcp://')) {
    const url = new URL(value.replace(/^tcp:/, 'http:'));
    return { host: url.hostname, port: Number(url.port || 2375) };
  }
  throw new Error(`Berth cannot use the Docker host "${value}": only unix://, npipe:// and tcp:// endpoints are supported.`);
}

/** GET a path of the Docker API; resolves with status and body, rejects on connection errors or timeout. */
export function dockerGet(ep: Endpoint, path: string, timeoutMs = 2000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: ep.socketPath, host: ep.host, port: ep.port, path, method: 'GET', timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

/** True when the engine answers `/_ping` with OK. */
export async function ping(ep: Endpoint, timeoutMs = 2000): Promise<boolean> {
  try {
    const res = await dockerGet(ep, '/_ping', timeoutMs);
    return res.status === 200;
  } catch {
    return false;
  }
}

/**
 * The host interfaces of the engine's own bridge networks (`br-<id>`, or the
 * name its options give), but not the default `bridge` network's (Berth's
 * bridge, removed on its own). dockerd leaves them behind when it stops.
 */
export async function networkBridges(ep: Endpoint, timeoutMs = 2000): Promise<string[]> {
  try {
    const res = await dockerGet(ep, '/networks', timeoutMs);
    const nets = JSON.parse(res.body) as { Id: string; Name: string; Driver: string; Options?: Record<string, string> }[];
    return nets
      .filter((n) => n.Driver === 'bridge' && n.Name !== 'bridge')
      .map((n) => n.Options?.['com.docker.network.bridge.name'] || `br-${n.Id.slice(0, 12)}`);
  } catch {
    return [];
  }
}

/** The engine's version string from `/version`. */
export async function engineVersion(ep: Endpoint): Promise<string> {
  const res = await dockerGet(ep, '/version');
  return (JSON.parse(res.body) as { Version?: string }).Version ?? 'unknown';
}
