/**
 * Image references normalised exactly as Docker does (distribution/reference):
 * `nginx` → `docker.io/library/nginx:latest`, a registry host (with port) is
 * kept, digests are kept, and an invalid reference gets a specific message
 * before anything is sent. Pure; shared by the renderer and the engine.
 */

export interface ImageRef {
  readonly domain: string;
  /** The repository path, e.g. library/nginx. */
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
  /** The canonical form, e.g. docker.io/library/nginx:latest. */
  readonly full: string;
  /** The short form the docker CLI shows, e.g. nginx:latest. */
  readonly familiar: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?$/;
const IPV6_DOMAIN = /^\[[0-9a-fA-F:]+\](?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const DEFAULT_DOMAIN = 'docker.io';

export type RefResult = { ok: true; value: ImageRef } | { ok: false; message: string };

export function parseImageRef(input: string): RefResult {
  const s = input.trim();
  if (!s) return { ok: false, message: 'Give an image reference, like nginx or registry.example:5000/team/app:1.2.' };
  if (s.length > 255 + 128 + 80) return { ok: false, message: 'This image reference is too long.' };
  const odd = /[^\w.:/@[\]-]/u.exec(s);
  if (odd)
    return {
      ok: false,
      message: `"${s}" contains ${describeChar(odd[0])}: an image reference is letters a-z, digits and . _ - / : @ only, like registry.example:5000/team/app:1.2.`,
    };
  if (s.endsWith(':')) return { ok: false, message: `"${s}" ends with ":" but no tag: add the tag (${s}latest) or remove the colon.` };
  if (s.endsWith('@')) return { ok: false, message: `"${s}" ends with "@" but no digest: add the digest (sha256: and 64 hex digits) or remove the @.` };
  let rest = s;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return { ok: false, message: `"${digest}" is not a digest: it looks like sha256: followed by 64 hex digits.` };
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return { ok: false, message: `"${tag}" is not a tag: up to 128 letters, digits, _ . and -, not starting with . or -.` };
  }
  const parts = rest.split('/');
  let domain = DEFAULT_DOMAIN;
  const first = parts[0]!;
  // Newer engines also take an upper-case first part (UPPER/app) as a registry host; 20.10 refuses it, and no one means a host without a dot.
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    if (!DOMAIN.test(first) && !IPV6_DOMAIN.test(first)) return { ok: false, message: `"${first}" is not a registry host.` };
    domain = first;
    parts.shift();
  }
  if (!parts.length || parts.some((p) => !p)) return { ok: false, message: `"${s}" has an empty path part.` };
  for (const p of parts) {
    if (p !== p.toLowerCase()) return { ok: false, message: `"${s}": repository names must be lower-case.` };
    if (!COMPONENT.test(p)) return { ok: false, message: `"${p}" in "${s}" is not a valid repository name part (a-z, 0-9, separated by . _ __ or -).` };
  }
  if (domain === 'index.docker.io') domain = DEFAULT_DOMAIN;
  const path = domain === DEFAULT_DOMAIN && parts.length === 1 ? `library/${parts[0]}` : parts.join('/');
  if (!tag && !digest) tag = 'latest';
  const suffix = `${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  const familiarPath = domain === DEFAULT_DOMAIN ? path.replace(/^library\//, '') : `${domain}/${path}`;
  return { ok: true, value: { domain, path, tag, digest, full: `${domain}/${path}${suffix}`, familiar: `${familiarPath}${suffix}` } };
}

/** Pure: a character named so a user can find it (a space is invisible in a quote). */
function describeChar(ch: string): string {
  if (/\s/u.test(ch)) return ch === ' ' ? 'a space' : 'a blank character';
  return `"${ch}"`;
}
