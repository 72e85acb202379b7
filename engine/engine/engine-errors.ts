/** The engine's own words for a failed Docker API call, as an RpcError. */
import { RpcError } from '../rpc/protocol.js';
import { REDIRECT_REFUSED } from '../util/no-redirects.js';

/** Pure: the message dockerd gave (dockerode puts it in `json.message`), else the error's own. */
export function engineMessage(err: unknown): string {
  const e = err as { json?: { message?: string } | null; reason?: string; message?: string; statusCode?: number };
  const msg = e?.json?.message || e?.message || String(err);
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
