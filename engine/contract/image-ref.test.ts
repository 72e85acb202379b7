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
    expect(full('nginx:')).toMatch(/is not a tag/);
    expect(full('nginx:-bad')).toMatch(/is not a tag/);
    expect(full('nginx@sha256:abc')).toMatch(/is not a digest/);
    expect(full('a//b')).toMatch(/empty path part/);
    expect(full('bad_-name')).toMatch(/not a valid repository name part/);
    expect(full('')).toMatch(/Give an image reference/);
  });
});
