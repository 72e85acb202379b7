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
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase())) {
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
