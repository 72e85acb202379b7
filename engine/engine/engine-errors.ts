/** The engine's own words for a failed Docker API call, as an RpcError. */
import { RpcError } from '../rpc/protocol.js';
import { REDIRECT_REFUSED } from '../util/no-redirects.js';

/**
 * Pure: a rootless engine refused to publish a port below the unprivileged
 * port start (RootlessKit's port driver listens as the user, and Linux keeps
 * those ports for root) → the sentence that says why and how to fix it.
 */
export function privilegedPortSentence(msg: string): string | undefined {
  const kit = /cannot expose privileged port (\d+)[\s\S]*?\(currently (\d+)\)[\s\S]*?listen (?:tcp|udp)[46]? ([^\s]+):\d+/.exec(msg);
  const bare = kit ? undefined : /listen (?:tcp|udp)[46]? ([^\s]+):(\d+): bind: permission denied/.exec(msg);
  const [port, start, address] = kit ? [kit[1]!, kit[2]!, kit[3]!] : bare ? [bare[2]!, '1024', bare[1]!] : [];
  if (!port) return undefined;
  return (
    `Port ${port} is privileged: the rootless engine publishes ports as your user, and Linux keeps ports below ${start} for root ` +
    `(net.ipv4.ip_unprivileged_port_start). Publish on a host port from ${start} up (e.g. ${Number(port) + 8000}:${port}` +
    `${address === '0.0.0.0' ? '' : ` on ${address}`}), or allow it with \`sudo sysctl -w net.ipv4.ip_unprivileged_port_start=${port}\`.`
  );
}

/** Pure: the message dockerd gave (dockerode puts it in `json.message`), else the error's own. */
export function engineMessage(err: unknown): string {
  const e = err as { json?: { message?: string } | null; reason?: string; message?: string; statusCode?: number };
  const msg = e?.json?.message || e?.message || String(err);
  const privileged = privilegedPortSentence(msg);
  if (privileged) return privileged;
  if (REDIRECT_REFUSED.test(msg)) return 'The engine does not take a name with "//", "./" or "../" in it: check the name.';
  // dockerode's "(HTTP code 304) container already stopped - " carries its sentence before the dash when the engine sent none.
  const framed = /^\(HTTP code (\d+)\) ([^-]*?) - (.*)$/s.exec(msg);
  if (!framed) return msg.trim();
  return framed[3]!.trim() || `The engine answered ${framed[2]!.trim() || `HTTP ${framed[1]}`}.`;
}

/** Wrap an engine failure: the engine's message verbatim, with the code "not_found" or "conflict" when it says so. */
export function engineError(err: unknown): RpcError {
  if (err instanceof RpcError) return err;
  const status = (err as { statusCode?: number })?.statusCode;
  const code = status === 404 ? 'not_found' : status === 409 ? 'conflict' : 'engine';
  return new RpcError(code, engineMessage(err));
}
