/**
 * Registry server names, normalised as Docker does, so `docker.io`,
 * `index.docker.io` and `https://index.docker.io/v1/` are one registry and a
 * login stored under one name is found under the others. Pure; shared by the
 * renderer and the engine.
 */

/** Docker Hub, as Berth names it. */
export const DOCKER_HUB = 'docker.io';
/** The address the engine and the docker CLI use for Docker Hub logins. */
export const DOCKER_HUB_AUTH_ADDRESS = 'https://index.docker.io/v1/';
const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::[0-9]{1,5})?$/;
const IPV6_HOST = /^\[[0-9a-f:.]+\](?::[0-9]{1,5})?$/;

export type ServerResult = { ok: true; server: string } | { ok: false; message: string };

/** Pure: `host[:port]` of a registry address (scheme, path and trailing slash dropped; Hub aliases → docker.io). */
export function normalizeServer(input: string): ServerResult {
  const raw = input.trim();
  if (!raw) return { ok: false, message: 'Give the registry address, like registry.example.com or 127.0.0.1:5000.' };
  const host = raw
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .split('/')[0]!
    .toLowerCase();
  if (HUB_ALIASES.has(host)) return { ok: true, server: DOCKER_HUB };
  if (!HOST.test(host) && !IPV6_HOST.test(host)) {
    return { ok: false, message: `"${raw}" is not a registry address: give a host name with an optional port, like registry.example.com:5000.` };
  }
  const port = /:(\d+)$/.exec(host)?.[1];
  if (port && (Number(port) < 1 || Number(port) > 65535)) return { ok: false, message: `${port} is not a port number (1 to 65535).` };
  return { ok: true, server: host };
}

/** Pure: the host without its port, IPv6 brackets removed. */
export function hostOf(server: string): string {
  const m = /^\[([^\]]+)\]/.exec(server);
  return m ? m[1]! : server.replace(/:\d+$/, '');
}

/** Pure: whether dockerd talks plain http to this registry by default: localhost, 127.0.0.0/8 and ::1. */
export function isLoopbackServer(server: string): boolean {
  const host = hostOf(server);
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Pure: the server address the engine expects in a login (Docker Hub has its historical one). */
export function engineAuthAddress(server: string): string {
  return server === DOCKER_HUB ? DOCKER_HUB_AUTH_ADDRESS : server;
}

/** Pure: the image reference to pull a tag of a registry's repository, in the short form the docker CLI shows. */
export function pullRefOf(server: string, repository: string, tag: string): string {
  if (server === DOCKER_HUB) return `${repository.replace(/^library\//, '')}:${tag}`;
  return `${server}/${repository}:${tag}`;
}
