/**
 * The app's own URLs: which files berth://app/ may serve, with which type and
 * policy, and which links may leave the app. Pure, so it is tested without
 * Electron.
 */
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export const APP_SCHEME = 'berth';
export const APP_HOST = 'app';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Sent with every berth://app/ response; the page's own meta policy can only narrow it. */
export { CONTENT_SECURITY_POLICY } from '../engine/web/csp.js';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

function parse(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/** True for a URL of the app itself (berth://app/…), the only place the window may navigate to. */
export function isAppUrl(raw: string): boolean {
  const url = parse(raw);
  return url !== null && url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
}

/**
 * The file under `root` that a berth://app/ URL names, or null when the URL is
 * not the app's or would reach outside `root` (`..`, encoded separators,
 * absolute paths, NUL bytes).
 */
export function resolveAppFile(root: string, raw: string): string | null {
  const url = parse(raw);
  if (!url || url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  if (path === '' || path.endsWith('/')) path += 'index.html';
  const base = resolve(root);
  const file = resolve(join(base, path));
  const rel = relative(base, file);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return null;
  return file;
}

/** The Content-Type for a served file; unknown kinds are served as bytes (and, with nosniff, never run). */
export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The URL to hand to the OS browser, or null: only well-formed http(s) URLs ever leave the app. */
export function externalHttpUrl(raw: string): string | null {
  const url = parse(raw);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) return null;
  return url.toString();
}
