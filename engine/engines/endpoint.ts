/** Pure: what a user typed as an engine's address, read into the parts Berth connects with. */

export type ParsedHost =
  | { readonly kind: 'unix'; readonly path: string; readonly host: string }
  | { readonly kind: 'tcp'; readonly hostname: string; readonly port: number; readonly host: string }
  | { readonly kind: 'ssh'; readonly user?: string; readonly hostname: string; readonly port: number; readonly host: string };

const FORMS = 'unix:///path/to/docker.sock, tcp://host:port or ssh://user@host[:port]';

/** A host name or an IP address, as far as a URL parser leaves it (brackets kept off IPv6). */
const HOSTNAME = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$|^[0-9a-fA-F:.]+$/;

/**
 * Read an engine address: `unix:///abs/path` (or just `/abs/path`), `tcp://host:port`
 * (port 2375, or 2376 with TLS, when left out), `ssh://[user@]host[:port]`.
 * Returns the parts, or a sentence saying what is wrong.
 */
export function parseEngineHost(raw: string, tls = false): ParsedHost | { readonly error: string } {
  const text = raw.trim();
  if (!text) return { error: `Type the engine's address: ${FORMS}.` };
  if (text.startsWith('/')) return parseEngineHost(`unix://${text}`, tls);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (!scheme) return { error: `"${text}" is not an engine address: Berth understands ${FORMS}.` };
  if (scheme === 'unix') {
    const path = text.slice('unix://'.length);
    if (!path.startsWith('/')) return { error: 'A unix socket address needs an absolute path: unix:///path/to/docker.sock (three slashes).' };
    if (/[\0\n]/.test(path)) return { error: 'The socket path has a character a path cannot hold.' };
    return { kind: 'unix', path, host: `unix://${path}` };
  }
  if (scheme !== 'tcp' && scheme !== 'ssh') {
    return { error: `Berth cannot reach an engine over ${scheme}://: it understands ${FORMS}.` };
  }
  let url: URL;
  try {
    url = new URL(text.replace(/^[a-z]+:/i, 'http:'));
  } catch {
    return { error: `"${text}" is not a valid ${scheme}:// address: write it like ${scheme === 'tcp' ? 'tcp://192.168.1.20:2376' : 'ssh://me@build-server'}.` };
  }
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash) {
    return { error: `A ${scheme}:// address has no path, query or fragment: write only ${scheme === 'tcp' ? 'tcp://host:port' : 'ssh://user@host[:port]'}.` };
  }
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  if (!hostname || !HOSTNAME.test(hostname)) return { error: `"${url.hostname}" is not a host name or an IP address.` };
  const bracketed = hostname.includes(':') ? `[${hostname}]` : hostname;
  if (scheme === 'tcp') {
    if (url.username || url.password) return { error: 'A tcp:// address has no user: TLS client certificates say who you are.' };
    // new URL() leaves out a port that is the scheme's default (80 for http:), so read it from the text too.
    const port = url.port ? Number(url.port) : /:80\/?$/.test(text) ? 80 : tls ? 2376 : 2375;
    return { kind: 'tcp', hostname, port, host: `tcp://${bracketed}:${port}` };
  }
  if (url.password) return { error: 'Do not put a password in an ssh:// address: Berth uses your ssh agent or key.' };
  const port = url.port ? Number(url.port) : /:80\/?$/.test(text) ? 80 : 22;
  const user = url.username ? decodeURIComponent(url.username) : undefined;
  if (user !== undefined && !/^[a-zA-Z0-9._-]{1,64}$/.test(user)) return { error: `"${user}" is not a user name ssh accepts.` };
  return { kind: 'ssh', user, hostname, port, host: `ssh://${user ? `${user}@` : ''}${bracketed}${port === 22 ? '' : `:${port}`}` };
}
