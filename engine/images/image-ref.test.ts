import { describe, expect, it } from 'vitest';
import { parseImageRef } from './image-ref.js';

const full = (s: string) => {
  const r = parseImageRef(s);
  return r.ok ? r.value.full : `error: ${r.message}`;
};

describe('image references, normalised as Docker does', () => {
  it('fills in the default registry, library/ and latest', () => {
    expect(full('nginx')).toBe('docker.io/library/nginx:latest');
    expect(full('nginx:1.25')).toBe('docker.io/library/nginx:1.25');
    expect(full('bitnami/redis')).toBe('docker.io/bitnami/redis:latest');
    expect(full('index.docker.io/library/nginx')).toBe('docker.io/library/nginx:latest');
  });
  it('keeps registry hosts, ports, localhost and digests', () => {
    expect(full('127.0.0.1:5000/team/app:v2')).toBe('127.0.0.1:5000/team/app:v2');
    expect(full('localhost/app')).toBe('localhost/app:latest');
    expect(full('registry.example/a/b/c')).toBe('registry.example/a/b/c:latest');
    const digest = 'sha256:' + 'a'.repeat(64);
    expect(full(`nginx@${digest}`)).toBe(`docker.io/library/nginx@${digest}`);
    expect(full(`nginx:1@${digest}`)).toBe(`docker.io/library/nginx:1@${digest}`);
    const r = parseImageRef('127.0.0.1:5000/team/app');
    expect(r.ok && r.value.familiar).toBe('127.0.0.1:5000/team/app:latest');
    const n = parseImageRef('nginx');
    expect(n.ok && n.value.familiar).toBe('nginx:latest');
  });
  it('refuses invalid references with a specific message', () => {
    expect(full('Nginx')).toMatch(/must be lower-case/);
    expect(full('nginx:')).toMatch(/no tag/);
    expect(full('nginx:-bad')).toMatch(/is not a tag/);
    expect(full('nginx@sha256:abc')).toMatch(/is not a digest/);
    expect(full('a//b')).toMatch(/empty path part/);
    expect(full('bad_-name')).toMatch(/not a valid repository name part/);
    expect(full('')).toMatch(/Give an image reference/);
  });
  it('names the character or the missing part that makes a reference invalid', () => {
    expect(full('Busy Box')).toBe(
      'error: "Busy Box" contains a space: an image reference is letters a-z, digits and . _ - / : @ only, like registry.example:5000/team/app:1.2.',
    );
    expect(full('busybox\t1')).toMatch(/contains a blank character/);
    expect(full('büsybox')).toMatch(/^error: "büsybox" contains "ü": /);
    expect(full('漢字/app')).toMatch(/contains "漢"/);
    expect(full('busybox:😀')).toMatch(/contains "😀"/);
    expect(full('app?tag=1')).toMatch(/contains "\?"/);
    expect(full('busybox:')).toBe('error: "busybox:" ends with ":" but no tag: add the tag (busybox:latest) or remove the colon.');
    expect(full('busybox@')).toMatch(/ends with "@" but no digest/);
    expect(full('x@sha256:zz')).toMatch(/"sha256:zz" is not a digest/);
    expect(full('/busybox')).toMatch(/empty path part/);
    expect(full('UPPER/case')).toMatch(/must be lower-case/);
  });
  it('accepts image ids, full or short, as the engine does', () => {
    expect(parseImageRef('sha256:' + 'ab'.repeat(32)).ok).toBe(true);
    expect(parseImageRef('3f57d9401f8d').ok).toBe(true);
  });
});
