import { describe, expect, it } from 'vitest';
import { contextEndpoint } from './contexts.js';

const meta = (name: string, host: string) => JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } });

describe('contextEndpoint', () => {
  it('reads a context as a read-only entry', () => {
    expect(contextEndpoint(meta('build', 'ssh://me@build'), undefined)).toEqual({
      id: 'context:build',
      name: 'build',
      kind: 'ssh',
      source: 'context',
      host: 'ssh://me@build',
      tls: undefined,
    });
  });

  it('takes the TLS files the CLI keeps beside it for tcp', () => {
    expect(contextEndpoint(meta('prod', 'tcp://10.0.0.5:2376'), '/c/tls/x/docker')).toMatchObject({
      kind: 'tls',
      tls: { ca: '/c/tls/x/docker/ca.pem', cert: '/c/tls/x/docker/cert.pem', key: '/c/tls/x/docker/key.pem' },
    });
  });

  it('leaves out what it cannot use', () => {
    expect(contextEndpoint('{not json', undefined)).toBeUndefined();
    expect(contextEndpoint(JSON.stringify({ Name: 'k8s', Endpoints: {} }), undefined)).toBeUndefined();
    expect(contextEndpoint(meta('odd', 'fd://'), undefined)).toBeUndefined();
  });
});
