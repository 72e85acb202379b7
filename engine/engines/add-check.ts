/**
 * Checking what the Add dialog sends before anything is stored: the address,
 * the TLS files, the ssh key, the name; each problem named by its field.
 */
import { promises as fs } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { AddEngineInput, EngineEndpoint, EngineFieldError } from './contract.js';
import { parseEngineHost } from './endpoint.js';
import { certificateDates, certificateDatesSentence } from './tls-dates.js';

const TLS_WORDS = { ca: 'CA certificate', cert: 'client certificate', key: 'client key' } as const;

/** A file the user named: it must exist, be a readable file, and (for PEM files) look like PEM. */
async function checkFile(path: string, what: string, pem: boolean): Promise<string | undefined> {
  if (!path.trim()) return `Choose the ${what} file.`;
  if (!path.startsWith('/')) return `Give the ${what} as an absolute path (it starts with /).`;
  try {
    const st = await fs.stat(path);
    if (!st.isFile()) return `${path} is not a file: choose the ${what} file itself.`;
    const text = await fs.readFile(path, 'utf8');
    if (pem && !text.includes('-----BEGIN')) return `${path} is not a PEM file (no "-----BEGIN" line): choose the ${what} in PEM form.`;
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `There is no file at ${path}.`;
    if (code === 'EACCES') return `You may not read ${path} (permission denied).`;
    return `${path} could not be read (${code ?? (err as Error).message}).`;
  }
}

/** A certificate file (already checked as PEM) that has expired or is not valid yet. */
async function checkDates(path: string, what: string): Promise<string | undefined> {
  const dates = certificateDates(await fs.readFile(path).catch(() => ''));
  return dates && certificateDatesSentence(dates, `${what} ${path}`);
}

/** Pure: a name for an entry from its address when none was given. */
export function defaultName(parsed: Exclude<ReturnType<typeof parseEngineHost>, { error: string }>): string {
  return parsed.kind === 'unix' ? parsed.path.split('/').filter(Boolean).slice(-2).join('/') : parsed.hostname;
}

/**
 * The endpoint to store for this input, or the field errors: nothing reaches the
 * engine yet (that is the caller's last check). `existing` is the list it joins.
 */
export async function checkAddInput(
  input: AddEngineInput,
  existing: readonly EngineEndpoint[],
): Promise<{ endpoint: EngineEndpoint; errors?: undefined } | { endpoint?: undefined; errors: EngineFieldError[] }> {
  const errors: EngineFieldError[] = [];
  const parsed = parseEngineHost(input.host, !!input.tls);
  if ('error' in parsed) errors.push({ field: 'host', message: parsed.error });
  const tlsGiven = input.tls && (input.tls.ca || input.tls.cert || input.tls.key);
  if (tlsGiven && !('error' in parsed) && parsed.kind !== 'tcp') {
    errors.push({ field: 'host', message: `TLS certificates go with a tcp:// address; ${parsed.kind}:// engines do not use them.` });
  }
  if (tlsGiven && input.tls) {
    for (const f of ['ca', 'cert', 'key'] as const) {
      const bad = (await checkFile(input.tls[f], TLS_WORDS[f], true)) ?? (f === 'key' ? undefined : await checkDates(input.tls[f], TLS_WORDS[f]));
      if (bad) errors.push({ field: f, message: bad });
    }
  }
  if (input.identity) {
    if (!('error' in parsed) && parsed.kind !== 'ssh') errors.push({ field: 'identity', message: 'An ssh key goes with an ssh:// address.' });
    else {
      const bad = await checkFile(input.identity, 'ssh private key', false);
      if (bad) errors.push({ field: 'identity', message: bad });
    }
  }
  if (!('error' in parsed) && parsed.kind === 'unix') {
    const st = await fs.stat(parsed.path).catch((err: NodeJS.ErrnoException) => err);
    if (st instanceof Error) {
      errors.push({
        field: 'host',
        message: st.code === 'ENOENT' ? `There is no socket at ${parsed.path}.` : `${parsed.path} could not be read (${st.code}).`,
      });
    } else if (!st.isSocket()) errors.push({ field: 'host', message: `${parsed.path} is not a socket: give the engine's socket (e.g. /var/run/docker.sock).` });
  }
  const name = input.name.trim() || ('error' in parsed ? '' : defaultName(parsed));
  if (name.length > 60) errors.push({ field: 'name', message: 'Keep the name under 60 characters.' });
  else if (existing.some((e) => e.name.toLowerCase() === name.toLowerCase())) {
    errors.push({ field: 'name', message: `An engine is already called "${name}": choose another name.` });
  }
  if (!('error' in parsed)) {
    const same = existing.find((e) => e.host === parsed.host);
    if (same) errors.push({ field: 'host', message: `${parsed.host} is already in the list, as "${same.name}".` });
  }
  if (errors.length || 'error' in parsed) return { errors };
  const tls = tlsGiven && input.tls ? { ca: input.tls.ca, cert: input.tls.cert, key: input.tls.key } : undefined;
  return {
    endpoint: {
      id: `e-${randomBytes(5).toString('hex')}`,
      name,
      kind: tls ? 'tls' : parsed.kind,
      source: 'added',
      host: parsed.host,
      tls,
      identity: input.identity || undefined,
    },
  };
}
