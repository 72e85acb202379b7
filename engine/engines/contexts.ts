/**
 * The docker CLI's contexts, read where the CLI keeps them (read-only: Berth never
 * changes them here). Each becomes an entry of the Engines list, kept in step by
 * reading them again each time the list is asked for.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { dockerConfigDir } from '../engine/index.js';
import type { EngineEndpoint } from './contract.js';
import { parseEngineHost } from './endpoint.js';

/** Pure: one context's meta.json as an Engines entry; undefined when it has no docker endpoint Berth can use. */
export function contextEndpoint(metaJson: string, tlsDir: string | undefined): EngineEndpoint | undefined {
  let meta: { Name?: unknown; Endpoints?: { docker?: { Host?: unknown } } };
  try {
    meta = JSON.parse(metaJson) as typeof meta;
  } catch {
    return undefined;
  }
  const name = typeof meta.Name === 'string' ? meta.Name : undefined;
  const host = meta.Endpoints?.docker?.Host;
  if (!name || typeof host !== 'string') return undefined;
  const parsed = parseEngineHost(host, !!tlsDir);
  if ('error' in parsed) return undefined;
  const tls = tlsDir && parsed.kind === 'tcp' ? { ca: join(tlsDir, 'ca.pem'), cert: join(tlsDir, 'cert.pem'), key: join(tlsDir, 'key.pem') } : undefined;
  return { id: `context:${name}`, name, kind: tls ? 'tls' : parsed.kind, source: 'context', host: parsed.host, tls };
}

/** Every context of the docker CLI's configuration with a usable docker endpoint, by name. */
export async function readDockerContexts(env: NodeJS.ProcessEnv = process.env): Promise<EngineEndpoint[]> {
  const dir = join(dockerConfigDir(env), 'contexts');
  const hashes = await fs.readdir(join(dir, 'meta')).catch(() => [] as string[]);
  const found = await Promise.all(
    hashes.map(async (hash) => {
      const meta = await fs.readFile(join(dir, 'meta', hash, 'meta.json'), 'utf8').catch(() => undefined);
      if (!meta) return undefined;
      const tlsDir = join(dir, 'tls', hash, 'docker');
      const hasTls = await fs.access(join(tlsDir, 'cert.pem')).then(
        () => true,
        () => false,
      );
      return contextEndpoint(meta, hasTls ? tlsDir : undefined);
    }),
  );
  return found.filter((e): e is EngineEndpoint => !!e).sort((a, b) => a.name.localeCompare(b.name));
}
