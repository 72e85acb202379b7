/**
 * Who may talk to the web host: requests for its own Host (no DNS
 * rebinding), from its own Origin (no cross-site pages), holding this run's
 * token. Pure functions, unit-tested.
 */
import { timingSafeEqual } from 'node:crypto';

/** The Host header values the web host answers to. */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function hostAllowed(host: string | undefined, port: number): boolean {
  return !!host && allowedHosts(port).includes(host.toLowerCase());
}

/** A browser always sends Origin on WebSocket handshakes; it must be our own. Non-browser clients may omit it. */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return allowedHosts(port).some((h) => origin.toLowerCase() === `http://${h}`);
}

export function tokenMatches(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Why an RPC upgrade is refused, or null when it is allowed. `token` is the one the request gave (its query's). */
export function refuseReason(req: { host?: string; origin?: string; token?: string | null }, port: number, token: string): string | null {
  if (!hostAllowed(req.host, port)) return `Host "${req.host ?? ''}" is not this Berth web host.`;
  if (!originAllowed(req.origin, port)) return `Origin "${req.origin}" may not use this Berth web host.`;
  if (!tokenMatches(req.token, token)) return req.token ? 'The token is wrong (it changes every run).' : 'A token is required.';
  return null;
}
