import { describe, expect, it } from 'vitest';
import { engineAuthAddress, isLoopbackServer, normalizeServer, pullRefOf } from './registry-server.js';

describe('registry server names', () => {
  it('normalises as Docker does: scheme, path and trailing slash dropped, Hub aliases merged', () => {
    for (const hub of ['docker.io', 'index.docker.io', 'https://index.docker.io/v1/', 'registry-1.docker.io', 'Docker.IO']) {
      expect(normalizeServer(hub)).toEqual({ ok: true, server: 'docker.io' });
    }
    expect(normalizeServer(' http://127.0.0.1:5000/ ')).toEqual({ ok: true, server: '127.0.0.1:5000' });
    expect(normalizeServer('registry.example.com/v2/')).toEqual({ ok: true, server: 'registry.example.com' });
    expect(normalizeServer('[::1]:5000')).toEqual({ ok: true, server: '[::1]:5000' });
  });

  it('refuses what is not a host with a sentence', () => {
    expect(normalizeServer('')).toEqual({ ok: false, message: 'Give the registry address, like registry.example.com or 127.0.0.1:5000.' });
    expect(normalizeServer('bad host')).toMatchObject({ ok: false, message: expect.stringContaining('is not a registry address') });
    expect(normalizeServer('host:99999')).toEqual({ ok: false, message: '99999 is not a port number (1 to 65535).' });
  });

  it('knows which registries dockerd reaches over plain http', () => {
    expect(isLoopbackServer('127.0.0.1:5000')).toBe(true);
    expect(isLoopbackServer('127.1.2.3')).toBe(true);
    expect(isLoopbackServer('localhost:5000')).toBe(true);
    expect(isLoopbackServer('[::1]:5000')).toBe(true);
    expect(isLoopbackServer('128.0.0.1:5000')).toBe(false);
    expect(isLoopbackServer('registry.example.com')).toBe(false);
  });

  it('uses the engine’s Hub login address and the CLI’s short pull names', () => {
    expect(engineAuthAddress('docker.io')).toBe('https://index.docker.io/v1/');
    expect(engineAuthAddress('127.0.0.1:5000')).toBe('127.0.0.1:5000');
    expect(pullRefOf('docker.io', 'library/nginx', '1.27')).toBe('nginx:1.27');
    expect(pullRefOf('docker.io', 'team/app', 'v1')).toBe('team/app:v1');
    expect(pullRefOf('127.0.0.1:5000', 'team/app', 'v1')).toBe('127.0.0.1:5000/team/app:v1');
  });
});
