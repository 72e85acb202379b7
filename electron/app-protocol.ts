/**
 * berth://app/: the renderer bundle served from one folder, as a secure,
 * standard origin with its own CSP, instead of file:// (which would let the
 * page read any local file and leaves it with the opaque "null" origin).
 */
import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { APP_SCHEME, CONTENT_SECURITY_POLICY, contentTypeOf, resolveAppFile } from './app-files.js';

/** Before `ready`: a standard, secure scheme, so relative URLs, localStorage and ES modules work as on https. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ]);
}

const securityHeaders = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

function notFound(status = 404): Response {
  return new Response(null, { status, headers: securityHeaders });
}

/** After `ready`: answer berth://app/<path> with files from `rendererDir` only; anything else is 404. */
export function serveApp(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return notFound(405);
    const file = resolveAppFile(rendererDir, request.url);
    if (!file) return notFound();
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return notFound();
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { ...securityHeaders, 'Content-Type': contentTypeOf(file) },
    });
  });
}
