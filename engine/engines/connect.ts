/**
 * A Docker client for one entry of the Engines list, and asking it how it is:
 * unix sockets, plain tcp, tcp with TLS client certificates, and ssh (through
 * ssh2, the docker CLI's `docker system dial-stdio` on the far side, the host
 * key checked against known_hosts first).
 */
import { promises as fs, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import '../util/no-redirects.js';
import { engineMessage } from '../engine/index.js';
import type { EngineEndpoint, EngineHealth } from './contract.js';
import { parseEngineHost } from './endpoint.js';
import { checkHostKey, hostKeySentence } from './known-hosts.js';
import { SshDialAgent } from './ssh-dial.js';
import { certificateDates } from './tls-dates.js';

/** Where the ssh side looks: known_hosts, the default keys, the agent. */
export interface SshPlaces {
  readonly knownHosts: string;
  readonly keys: readonly string[];
  readonly agent?: string;
}

export function sshPlaces(env: NodeJS.ProcessEnv = process.env): SshPlaces {
  const dir = join(env.HOME || homedir(), '.ssh');
  return {
    knownHosts: join(dir, 'known_hosts'),
    keys: ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((k) => join(dir, k)),
    agent: env.SSH_AUTH_SOCK || undefined,
  };
}

/** A client, and the last host-key refusal it met (ssh only), so failures can say why. */
export interface EngineConnection {
  readonly docker: Docker;
  /** The sentence for the last refused host key, if any. */
  hostKeyRefusal(): string | undefined;
  /** Let go of what the client holds open (an ssh connection); its later calls fail. */
  close(): void;
}

/** Make the client for an entry; reads its TLS files or ssh key now (a missing file fails here). */
export async function connectEngine(ep: EngineEndpoint, places: SshPlaces = sshPlaces(), timeoutMs?: number): Promise<EngineConnection> {
  const parsed = parseEngineHost(ep.host, !!ep.tls);
  if ('error' in parsed) throw new Error(parsed.error);
  const none = () => undefined;
  switch (parsed.kind) {
    case 'unix':
      return { docker: new Docker({ socketPath: parsed.path, timeout: timeoutMs }), hostKeyRefusal: none, close: none };
    case 'tcp': {
      if (!ep.tls) {
        return { docker: new Docker({ protocol: 'http', host: parsed.hostname, port: parsed.port, timeout: timeoutMs }), hostKeyRefusal: none, close: none };
      }
      const [ca, cert, key] = await Promise.all([ep.tls.ca, ep.tls.cert, ep.tls.key].map((f) => fs.readFile(f)));
      return {
        docker: new Docker({ protocol: 'https', host: parsed.hostname, port: parsed.port, ca, cert, key, timeout: timeoutMs }),
        hostKeyRefusal: none,
        close: none,
      };
    }
    case 'ssh': {
      let refusal: string | undefined;
      const privateKey = await firstKey(ep.identity ? [ep.identity] : places.keys, !!ep.identity);
      // One ssh connection for all of this client's requests (ssh-dial.ts), not one per request.
      const agent = new SshDialAgent({
        host: parsed.hostname,
        port: parsed.port,
        username: parsed.user ?? userInfo().username,
        agent: places.agent,
        privateKey,
        readyTimeout: timeoutMs ?? 10_000,
        hostVerifier: (blob: Buffer) => {
          const text = (() => {
            try {
              return readFileSync(places.knownHosts, 'utf8');
            } catch {
              return '';
            }
          })();
          const verdict = checkHostKey(text, parsed.hostname, parsed.port, blob);
          refusal = verdict.ok ? undefined : hostKeySentence(verdict, parsed.hostname, parsed.port, places.knownHosts);
          return verdict.ok;
        },
      });
      // Plain HTTP through that agent. No `timeout`: a channel has no socket timer (callers race their own).
      const docker = new Docker({ protocol: 'http', host: parsed.hostname, port: parsed.port, agent } as Docker.DockerOptions);
      return { docker, hostKeyRefusal: () => refusal, close: () => agent.destroy() };
    }
  }
}

async function firstKey(files: readonly string[], required: boolean): Promise<Buffer | undefined> {
  for (const f of files) {
    try {
      return await fs.readFile(f);
    } catch (err) {
      if (required) throw new Error(`The ssh key ${f} could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`, { cause: err });
    }
  }
  return undefined;
}

/** Pure: a failed connection to an engine, as a sentence that says what to do. */
export function connectionSentence(err: unknown, ep: Pick<EngineEndpoint, 'host' | 'tls'>): string {
  const e = err as NodeJS.ErrnoException & { level?: string; reason?: string };
  const code = e?.code ?? '';
  const msg = engineMessage(err);
  const where = ep.host.replace(/^unix:\/\//, '');
  if (code === 'ENOENT') return `There is no socket at ${where}: check the path, and that the engine is running.`;
  if (code === 'EACCES' || code === 'EPERM') return `You may not open ${where} (permission denied): join the group that owns it, or use another address.`;
  if (code === 'ECONNREFUSED') return `Nothing answers at ${where} (connection refused): is the engine running and listening there?`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `The host name in ${ep.host} could not be found: check its spelling and your network.`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return `${ep.host} cannot be reached from this computer (no route): check the address and your network.`;
  if (code === 'ETIMEDOUT' || /timed? ?out/i.test(msg))
    return `${ep.host} did not answer in time: check the address, and that no firewall drops the connection.`;
  if (code === 'CERT_HAS_EXPIRED') return `The engine's certificate has expired: renew it on the engine.`;
  if (/^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT)/.test(code)) {
    return `The engine's certificate is not signed by the CA you gave: choose the CA file that signed the engine's certificate.`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `The engine's certificate is not made out for this host name: connect with a name it lists, or renew it.`;
  if (ep.tls) {
    const refused = clientCertRefusal(`${code} ${msg}`);
    if (refused) return refused;
  }
  if (/Client sent an HTTP request to an HTTPS server/i.test(msg)) return `The engine at ${ep.host} speaks TLS: give its CA, your certificate and key.`;
  if (/wrong version number|EPROTO|packet length too long/i.test(`${code} ${msg}`))
    return `The engine at ${ep.host} does not speak TLS: remove the certificate files, or check the port.`;
  if (/All configured authentication methods failed/i.test(msg)) {
    return `The ssh server refused every key Berth offered (your agent's and ~/.ssh's): add your public key to the server's authorized_keys, or choose a key file.`;
  }
  if (/dial-stdio|command not found|exit code 127/i.test(msg)) return `The ssh host has no docker CLI to reach its engine with: install docker there.`;
  return `${ep.host} could not be reached: ${msg.replace(/\.$/, '')}.`;
}

/**
 * Pure: the engine's TLS alert about the client certificate (Go's TLS server says which:
 * expired, unknown CA, required, bad), as a sentence; undefined for any other error.
 */
export function clientCertRefusal(text: string): string | undefined {
  if (/alert certificate expired|alert number 45\b|ALERT_CERTIFICATE_EXPIRED/i.test(text)) {
    return `The engine refused your client certificate because it has expired: make a new one signed by the engine's CA, and add the engine again with it.`;
  }
  if (/alert unknown ca|alert number 48\b|ALERT_UNKNOWN_CA/i.test(text)) {
    return `The engine refused your client certificate because it is not signed by a CA the engine trusts: choose a certificate signed by the CA its --tlscacert names.`;
  }
  if (/certificate required|alert number 116\b|ALERT_CERTIFICATE_REQUIRED/i.test(text)) {
    return `The engine asks for a client certificate and was given none: choose your certificate and key.`;
  }
  if (/bad certificate|unsupported certificate|alert number 4[23]\b|ALERT_BAD_CERTIFICATE|ALERT_UNSUPPORTED_CERTIFICATE/i.test(text)) {
    return `The engine refused your client certificate: check that it is a client certificate (extendedKeyUsage clientAuth) signed by the CA the engine trusts.`;
  }
  return undefined;
}

/** How long a health check waits for an engine. */
export const HEALTH_TIMEOUT_MS = 5000;

/** Ask the engine for its version, platform and counts; never throws, a failure is `down` with its sentence. */
export async function checkHealth(ep: EngineEndpoint, places: SshPlaces = sshPlaces(), timeoutMs = HEALTH_TIMEOUT_MS): Promise<EngineHealth> {
  let conn: EngineConnection | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    conn = await connectEngine(ep, places, timeoutMs);
    const docker = conn.docker;
    const ask = Promise.all([docker.version(), docker.info() as Promise<{ Containers?: number; ContainersRunning?: number; Images?: number }>]);
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), timeoutMs);
    });
    const [version, info] = await Promise.race([ask, late]);
    return {
      state: 'up',
      version: version.Version,
      os: version.Os,
      arch: version.Arch,
      containers: info.Containers,
      running: info.ContainersRunning,
      images: info.Images,
      checkedAt: Date.now(),
    };
  } catch (err) {
    const error = conn?.hostKeyRefusal() ?? fileSentence(err) ?? (await refusedForDates(err, ep)) ?? connectionSentence(err, ep);
    return { state: 'down', error, checkedAt: Date.now() };
  } finally {
    clearTimeout(timer);
    conn?.close();
  }
}

/**
 * The engine refused the client certificate, and the certificate has expired (or is not valid yet):
 * engines built with an older Go say only "bad certificate", so the file itself is asked.
 */
async function refusedForDates(err: unknown, ep: EngineEndpoint): Promise<string | undefined> {
  if (!ep.tls || !clientCertRefusal(`${(err as NodeJS.ErrnoException)?.code ?? ''} ${engineMessage(err)}`)) return undefined;
  const dates = certificateDates(await fs.readFile(ep.tls.cert).catch(() => ''));
  if (!dates) return undefined;
  return 'expired' in dates
    ? `The engine refused your client certificate ${ep.tls.cert}: it expired on ${dates.expired}. Put a new one, signed by the CA the engine trusts, in its place.`
    : `The engine refused your client certificate ${ep.tls.cert}: it is not valid before ${dates.notBefore}. Check this computer's clock.`;
}

/** A TLS or key file that could not be read (it went away since it was added). */
function fileSentence(err: unknown): string | undefined {
  const e = err as NodeJS.ErrnoException;
  if (e?.syscall === 'open' && e.path) return `${e.path} could not be read (${e.code}): put the file back, or remove this engine and add it again.`;
  return undefined;
}
