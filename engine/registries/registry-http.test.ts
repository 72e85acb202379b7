import { describe, expect, it } from 'vitest';
import { nextLink, parseChallenge } from './registry-http.js';

describe('registry HTTP helpers', () => {
  it('parses Basic and Bearer challenges', () => {
    expect(parseChallenge('Basic realm="berth-test"')).toEqual({ scheme: 'basic', params: { realm: 'berth-test' } });
    expect(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' },
    });
    expect(parseChallenge('Bearer realm="https://a/t", error="insufficient_scope", scope=registry:catalog:*')?.params).toEqual({
      realm: 'https://a/t',
      error: 'insufficient_scope',
      scope: 'registry:catalog:*',
    });
    expect(parseChallenge('Basic realm="say \\"hi\\""')?.params.realm).toBe('say "hi"');
    expect(parseChallenge(null)).toBeUndefined();
    expect(parseChallenge('')).toBeUndefined();
  });

  it('follows the next page of a Link header, relative or absolute', () => {
    const base = 'http://127.0.0.1:5000/v2/_catalog?n=2';
    expect(nextLink('</v2/_catalog?last=b&n=2>; rel="next"', base)).toBe('http://127.0.0.1:5000/v2/_catalog?last=b&n=2');
    expect(nextLink('<https://r.example/v2/_catalog?last=x>; rel=next', base)).toBe('https://r.example/v2/_catalog?last=x');
    expect(nextLink('</v2/a>; rel="prev", </v2/b>; rel="next"', base)).toBe('http://127.0.0.1:5000/v2/b');
    expect(nextLink('</v2/a>; rel="prev"', base)).toBeUndefined();
    expect(nextLink(null, base)).toBeUndefined();
  });
});
