/**
 * The request target of an HTTP request to the web host, read without
 * throwing: a path (percent-decoded) and its query, or a sentence saying why
 * the target is refused (answered with 400). Browsers only ever send
 * origin-form targets (`/path?query`); anything else is a client that is not
 * a page of Berth's.
 */

export type RequestTarget = { readonly path: string; readonly rawPath: string; readonly query: URLSearchParams } | { readonly refused: string };

/** At most this much of a refused target is quoted back. */
const QUOTE_MAX = 80;

/** Parse `req.url` as the web host receives it. Never throws. */
export function parseRequestTarget(raw: string | undefined): RequestTarget {
  const target = raw ?? '';
  if (target === '*') return { refused: 'Berth’s web host does not answer for the server as a whole ("*"): ask for a path such as /.' };
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
    return { refused: `Berth’s web host is not a proxy: ask for a path such as / instead of ${quote(target)}.` };
  }
  if (!target.startsWith('/')) return { refused: `${quote(target)} is not a path: ask for a path such as /.` };
  const q = target.indexOf('?');
  const rawPath = q < 0 ? target : target.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return { refused: `The path ${quote(rawPath)} is not valid: each % must start an escape of UTF-8, such as %20.` };
  }
  if (path.includes('\0')) return { refused: `The path ${quote(rawPath)} contains a NUL character, which no file name has.` };
  return { path, rawPath, query };
}

function quote(s: string): string {
  return JSON.stringify(s.length > QUOTE_MAX ? `${s.slice(0, QUOTE_MAX)}…` : s);
}
