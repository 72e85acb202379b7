/**
 * Registries: log in (checked by the engine, stored sealed), log out, the
 * registries Berth knows of, and a registry's catalogue and tags. Also the
 * login to send with a pull or push, and the sentence for a registry that
 * turned one away.
 */
import type Docker from 'dockerode';
import type { RegistryCatalog, RegistrySummary, RepositoryTags } from '../contract/dto.js';
import { parseImageRef } from '../images/index.js';
import { DOCKER_HUB, engineAuthAddress, normalizeServer } from './registry-server.js';
import { type Supervisor, engineMessage } from '../engine/index.js';
import { RpcError } from '../rpc/protocol.js';
import type { CredentialStore, StoredLogin } from './credentials.js';
import { SealError } from './credentials.js';
import { LoginsLockedError } from './unlockable-key.js';
import { nextLink, RegistryError, RegistrySession, type JsonAnswer } from './registry-http.js';

/** Most repository names read from a catalogue. */
export const CATALOG_CAP = 10_000;
const PAGE = 1000;

/** The login to send with a pull or push; what images.ts needs of this service. */
export interface RegistryAuthSource {
  authFor(domain: string): Promise<Docker.AuthConfigObject | undefined>;
}

/** Pure: the sentence for a registry turning a pull or push away for want of a (valid) login; undefined for any other failure. */
export function explainDenied(domain: string, err: unknown, username?: string): RpcError | undefined {
  const msg = err instanceof Error || (err && typeof err === 'object') ? engineMessage(err) : String(err);
  if (!/no basic auth credentials|authentication required|unauthorized|401 Unauthorized/i.test(msg)) return undefined;
  const server = normalizeServer(domain);
  const name = server.ok ? server.server : domain;
  return username
    ? new RpcError('engine', `${name} refused the stored login of ${username}: open Registries and log in to ${name} again.`)
    : new RpcError('engine', `${name} requires you to log in: open Registries and log in to ${name}.`);
}

/** Pure: a login as the engine takes it in X-Registry-Auth. */
export function toAuthConfig(server: string, login: StoredLogin): Docker.AuthConfigObject {
  const serveraddress = engineAuthAddress(server);
  return login.identityToken
    ? { username: login.username, identitytoken: login.identityToken, serveraddress }
    : { username: login.username, password: login.secret, serveraddress };
}

/** Pure: the known registries from stored logins and local image names, Docker Hub always among them, sorted. */
export function knownRegistries(logins: ReadonlyArray<{ server: string; username: string }>, imageNames: readonly string[]): RegistrySummary[] {
  const counts = new Map<string, number>([[DOCKER_HUB, 0]]);
  for (const name of imageNames) {
    const ref = parseImageRef(name);
    if (ref.ok) counts.set(ref.value.domain, (counts.get(ref.value.domain) ?? 0) + 1);
  }
  for (const l of logins) if (!counts.has(l.server)) counts.set(l.server, 0);
  const users = new Map(logins.map((l) => [l.server, l.username]));
  return [...counts]
    .map(([server, localImages]) => ({ server, username: users.get(server), loggedIn: users.has(server), localImages }))
    .sort(
      (a, b) =>
        Number(b.loggedIn) - Number(a.loggedIn) || Number(b.server === DOCKER_HUB) - Number(a.server === DOCKER_HUB) || a.server.localeCompare(b.server),
    );
}

export class RegistriesService implements RegistryAuthSource {
  constructor(
    private readonly supervisor: Supervisor,
    private readonly store: CredentialStore,
    private readonly timeoutMs = 10_000,
  ) {}

  /** Registries with stored logins, those local images name, and Docker Hub; never a secret. */
  async list(): Promise<RegistrySummary[]> {
    const logins = await this.guard(() => this.store.list());
    let names: string[] = [];
    try {
      names = (await this.supervisor.docker().listImages()).flatMap((i) => i.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
    } catch {
      // The engine is not running: the stored logins and Docker Hub are still worth showing.
    }
    return knownRegistries(logins, names);
  }

  /** Check the login with the engine (POST /auth) and store it only when the registry accepted it. */
  async login(serverInput: string, username: string, secret: string): Promise<RegistrySummary> {
    const server = checkedServer(serverInput);
    let answer: { IdentityToken?: string };
    try {
      answer = (await this.supervisor.docker().checkAuth({ username, password: secret, serveraddress: engineAuthAddress(server) })) as {
        IdentityToken?: string;
      };
    } catch (err) {
      if (err instanceof RpcError) throw err;
      const msg = engineMessage(err);
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 401 || /401 Unauthorized|unauthorized|incorrect username or password|authentication required/i.test(msg)) {
        throw new RpcError('bad_request', `${server} refused the user ${username}: wrong user name or password.`);
      }
      throw new RpcError('engine', `Logging in to ${server} failed: ${msg.replace(/\.$/, '')}. Check the address and that the registry runs.`);
    }
    const login: StoredLogin = { username, secret, savedAt: Date.now(), ...(answer?.IdentityToken ? { identityToken: answer.IdentityToken } : {}) };
    await this.guard(() => this.store.put(server, login));
    return (await this.list()).find((r) => r.server === server) ?? { server, username, loggedIn: true, localImages: 0 };
  }

  /** Forget the stored login of a server; nothing happens when there was none. */
  async logout(serverInput: string): Promise<void> {
    const server = checkedServer(serverInput);
    await this.guard(() => this.store.remove(server));
  }

  /** The login for an image's registry domain, for X-Registry-Auth; undefined when none is stored. */
  async authFor(domain: string): Promise<Docker.AuthConfigObject | undefined> {
    const server = normalizeServer(domain);
    if (!server.ok) return undefined;
    const login = await this.guard(() => this.store.get(server.server));
    return login ? toAuthConfig(server.server, login) : undefined;
  }

  /** Repository names from `GET /v2/_catalog`, following `Link` pages up to CATALOG_CAP. */
  async catalog(serverInput: string): Promise<RegistryCatalog> {
    const server = checkedServer(serverInput);
    if (server === DOCKER_HUB) throw noCatalog(server, 'Docker Hub');
    const session = await this.session(server);
    try {
      return await readCatalog(session);
    } catch (err) {
      throw explainRegistryError(server, err, 'its catalogue');
    }
  }

  /** The tags of one repository (`GET /v2/<name>/tags/list`), sorted naturally. */
  async tags(serverInput: string, repository: string): Promise<RepositoryTags> {
    const server = checkedServer(serverInput);
    const login = await this.guard(() => this.store.get(server));
    const session = new RegistrySession(server, login, this.timeoutMs);
    try {
      const res = await session.getJson<{ tags?: string[] | null }>(`/v2/${repository}/tags/list`, `repository:${repository}:pull`);
      if (res.status === 404) throw new RpcError('not_found', `${server} has no repository named ${repository}.`);
      if (res.status === 401 || res.status === 403) {
        throw new RpcError(
          'bad_request',
          `${server} did not let ${login ? login.username : 'an anonymous user'} read ${repository} (HTTP ${res.status})${login ? '' : `; log in to ${server} first`}.`,
        );
      }
      if (!res.body) throw new RpcError('engine', `${server} answered the tags request for ${repository} with HTTP ${res.status}.`);
      const tags = [...(res.body.tags ?? [])].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
      return { server, repository, tags };
    } catch (err) {
      throw explainRegistryError(server, err, `the tags of ${repository}`);
    }
  }

  private async session(server: string): Promise<RegistrySession> {
    const login = await this.guard(() => this.store.get(server));
    return new RegistrySession(server, login, this.timeoutMs);
  }

  /** Store failures (a key that no longer matches, logins still locked in the keychain) reach the user as their sentence. */
  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      // Not 'unavailable': the renderer reads that code as a lost connection and would keep a pull waiting.
      if (err instanceof LoginsLockedError) throw new RpcError('conflict', err.message);
      if (err instanceof SealError) throw new RpcError('internal', err.message);
      throw err;
    }
  }
}

/** Read a catalogue page by page (`Link: <…>; rel="next"`), at most `cap` names. */
export async function readCatalog(session: RegistrySession, pageSize = PAGE, cap = CATALOG_CAP): Promise<RegistryCatalog> {
  const server = session.server;
  const repositories: string[] = [];
  let next: string | undefined = `/v2/_catalog?n=${pageSize}`;
  let truncated = false;
  while (next) {
    const page: JsonAnswer<{ repositories?: string[] | null }> = await session.getJson(next, 'registry:catalog:*');
    if (page.status === 404 || page.status === 401 || page.status === 403) throw noCatalog(server, server, page.status);
    if (!page.body) throw new RpcError('engine', `${server} answered the catalogue request with HTTP ${page.status}.`);
    repositories.push(...(page.body.repositories ?? []));
    next = nextLink(page.link, page.url);
    if (repositories.length >= cap) {
      truncated = Boolean(next) || repositories.length > cap;
      break;
    }
  }
  const note = `${server} has more than ${cap.toLocaleString('en')} repositories; Berth shows the first ${cap.toLocaleString('en')}. Type a name to filter them.`;
  return { server, repositories: repositories.slice(0, cap), truncated, ...(truncated ? { note } : {}) };
}

/** Pure: a registry failure as a sentence: what failed, why, what to do. */
export function explainRegistryError(server: string, err: unknown, what: string): RpcError {
  if (err instanceof RpcError) return err;
  if (!(err instanceof RegistryError)) return new RpcError('internal', `Reading ${what} from ${server} failed: ${(err as Error).message}`);
  switch (err.kind) {
    case 'auth-required':
      return new RpcError('bad_request', `${server} requires you to log in: use Log in… on the Registries page for ${server}.`);
    case 'auth-refused':
      return new RpcError('bad_request', `${err.message}: log in to ${server} again.`);
    case 'timeout':
    case 'unreachable':
      return new RpcError('unavailable', `${err.message}; check that the registry runs and that the address is right.`);
    case 'protocol':
      return new RpcError('engine', `Reading ${what} from ${server} failed: ${err.message}.`);
  }
}

function checkedServer(input: string): string {
  const r = normalizeServer(input);
  if (!r.ok) throw new RpcError('bad_request', r.message);
  return r.server;
}

function noCatalog(server: string, name: string, status?: number): RpcError {
  const why = status ? ` (GET /v2/_catalog answered ${status})` : '';
  return new RpcError(
    'not_found',
    `${name} does not offer a catalogue of its repositories${why}. Type a repository name, like ${server === DOCKER_HUB ? 'library/nginx' : 'team/app'}, to list its tags.`,
  );
}
