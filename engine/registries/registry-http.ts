/**
 * Talking to a registry's HTTP API (distribution v2) from the backend:
 * https first, plain http for loopback registries as dockerd does, the 401
 * handshake (Basic, or Bearer tokens from the realm the registry names) and
 * a timeout on every request. Errors are typed so callers can word them.
 */
import { DOCKER_HUB, isLoopbackServer } from './registry-server.js';

/** What a registry request may authenticate with; absent means anonymous. */
export interface RegistryLogin {
  readonly username: string;
  readonly secret: string;
  readonly identityToken?: string;
}

export type RegistryErrorKind = 'unreachable' | 'timeout' | 'auth-required' | 'auth-refused' | 'protocol';

/** A failed registry request; `status` is the HTTP status when there was one. */
export class RegistryError extends Error {
  override name = 'RegistryError';
  constructor(
    readonly kind: RegistryErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface Challenge {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

/** Pure: the first challenge of a WWW-Authenticate header, e.g. `Bearer realm="…",service="…",scope="…"`. */
export function parseChallenge(header: string | null): Challenge | undefined {
  const m = /^\s*([A-Za-z][\w-]*)\s*(.*)$/s.exec(header ?? '');
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const re = /([A-Za-z][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?\s*/gy;
  let p: RegExpExecArray | null;
  while ((p = re.exec(m[2]!))) params[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3]!;
  return { scheme: m[1]!.toLowerCase(), params };
}

/** Pure: the URL of the `rel="next"` entry of a Link header, resolved against the request URL. */
export function nextLink(header: string | null, base: string): string | undefined {
  for (const part of (header ?? '').split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (m && /(?:^|;)\s*rel="?next"?\s*(?:;|$)/i.test(m[2]!)) return new URL(m[1]!, base).toString();
  }
  return undefined;
}

/** The host to send API requests to: Docker Hub's API lives on registry-1.docker.io. */
const apiHost = (server: string) => (server === DOCKER_HUB ? 'registry-1.docker.io' : server);

/** Schemes that worked, by server, so a plain-http registry is not asked over TLS every time. */
const knownScheme = new Map<string, 'https' | 'http'>();

/** Largest response body read (a catalogue page of 1,000 names is ~50 KB). */
const MAX_BODY = 8 * 1024 * 1024;

/**
 * One conversation with a registry: remembers the Authorization header that
 * worked, so following catalogue pages does not repeat the handshake.
 */
export interface JsonAnswer<T> {
  readonly status: number;
  /** The parsed body of a 2xx answer. */
  readonly body?: T;
  readonly url: string;
  readonly link: string | null;
}

export class RegistrySession {
  private authorization?: string;
  constructor(
    readonly server: string,
    private readonly login: RegistryLogin | undefined,
    private readonly timeoutMs = 10_000,
  ) {}

  /** GET a path (or an absolute URL from a Link header) and parse its JSON; the response for status checks. */
  async getJson<T>(pathOrUrl: string, scope: string): Promise<JsonAnswer<T>> {
    const url = pathOrUrl.startsWith('/') ? `${await this.base()}${pathOrUrl}` : pathOrUrl;
    let res = await this.fetch(url, this.authorization);
    if (res.status === 401) {
      const challenge = parseChallenge(res.headers.get('www-authenticate'));
      await res.body?.cancel();
      this.authorization = await this.answer(challenge, scope);
      res = await this.fetch(url, this.authorization);
      // A bearer token that still gets 401 lacks the scope (e.g. no catalogue for this user): the caller words it.
      if (res.status === 401 && challenge?.scheme === 'basic') {
        await res.body?.cancel();
        throw this.login
          ? new RegistryError('auth-refused', `${this.server} refused the stored login of ${this.login.username}`, 401)
          : new RegistryError('auth-required', `${this.server} requires a login`, 401);
      }
    }
    if (!res.ok) {
      await res.body?.cancel();
      return { status: res.status, url, link: null };
    }
    const text = await res.text();
    if (text.length > MAX_BODY) throw new RegistryError('protocol', `${this.server} sent an answer over ${MAX_BODY / 1024 / 1024} MB`);
    try {
      return { status: res.status, body: JSON.parse(text) as T, url, link: res.headers.get('link') };
    } catch {
      throw new RegistryError('protocol', `${this.server} did not answer with JSON at ${new URL(url).pathname}; is it a container registry?`);
    }
  }

  /** The Authorization header that answers a challenge, or a RegistryError saying why there is none. */
  private async answer(challenge: Challenge | undefined, scope: string): Promise<string> {
    if (challenge?.scheme === 'basic') {
      if (!this.login) throw new RegistryError('auth-required', `${this.server} requires a login`, 401);
      return `Basic ${Buffer.from(`${this.login.username}:${this.login.secret}`).toString('base64')}`;
    }
    if (challenge?.scheme === 'bearer' && challenge.params.realm) return `Bearer ${await this.token(challenge, scope)}`;
    throw new RegistryError('protocol', `${this.server} asked for a login Berth does not know (${challenge?.scheme ?? 'no challenge'})`, 401);
  }

  /** A bearer token from the realm: with the stored login when there is one, else anonymous. */
  private async token(challenge: Challenge, fallbackScope: string): Promise<string> {
    const realm = new URL(challenge.params.realm!);
    if (realm.protocol !== 'https:' && !(realm.protocol === 'http:' && isLoopbackServer(realm.host))) {
      throw new RegistryError('protocol', `${this.server} sends logins to ${realm.origin}, which is not https; Berth does not send credentials there`);
    }
    const scope = challenge.params.scope ?? fallbackScope;
    const form = new URLSearchParams({ service: challenge.params.service ?? '', scope });
    let res: Response;
    if (this.login?.identityToken) {
      form.set('grant_type', 'refresh_token');
      form.set('refresh_token', this.login.identityToken);
      form.set('client_id', 'berth');
      res = await this.fetch(realm.toString(), undefined, { method: 'POST', body: form });
    } else {
      for (const [k, v] of form) if (v) realm.searchParams.set(k, v);
      const basic = this.login ? `Basic ${Buffer.from(`${this.login.username}:${this.login.secret}`).toString('base64')}` : undefined;
      res = await this.fetch(realm.toString(), basic);
    }
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      throw this.login
        ? new RegistryError('auth-refused', `${this.server} refused the stored login of ${this.login.username}`, res.status)
        : new RegistryError('auth-required', `${this.server} requires a login`, res.status);
    }
    const body = res.ok ? ((await res.json().catch(() => ({}))) as { token?: string; access_token?: string }) : {};
    const token = body.token ?? body.access_token;
    if (!token) throw new RegistryError('protocol', `${this.server}'s login service (${realm.origin}) gave no token (HTTP ${res.status})`);
    return token;
  }

  /** The scheme and host to use: https, or http for a loopback registry that does not speak TLS. */
  private async base(): Promise<string> {
    const host = apiHost(this.server);
    const known = knownScheme.get(host);
    if (known) return `${known}://${host}`;
    if (!isLoopbackServer(host)) return `https://${host}`;
    try {
      const res = await this.fetch(`https://${host}/v2/`, undefined);
      await res.body?.cancel();
      knownScheme.set(host, 'https');
      return `https://${host}`;
    } catch (err) {
      // Only a failed TLS handshake means "plain http"; a registry that is down or silent is reported as such.
      if (err instanceof RegistryError && (err.kind === 'timeout' || /nothing listens|no such host/.test(err.message))) throw err;
      knownScheme.set(host, 'http');
      return `http://${host}`;
    }
  }

  private async fetch(url: string, authorization: string | undefined, init: RequestInit = {}): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (authorization) headers.Authorization = authorization;
    try {
      return await fetch(url, { ...init, headers, redirect: 'follow', signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      if (e.name === 'TimeoutError' || e.name === 'AbortError') {
        throw new RegistryError(
          'timeout',
          `${this.server} did not answer within ${this.timeoutMs >= 1000 ? `${Math.round(this.timeoutMs / 1000)} s` : `${this.timeoutMs} ms`}`,
        );
      }
      const cause = e.cause?.code ?? e.cause?.message;
      const why =
        cause === 'ECONNREFUSED'
          ? 'nothing listens there'
          : cause === 'ENOTFOUND'
            ? 'no such host'
            : cause === 'bad port'
              ? 'fetch refuses that port number'
              : (e.cause?.message ?? e.message);
      throw new RegistryError('unreachable', `Berth could not reach ${this.server} (${why})`);
    }
  }
}
