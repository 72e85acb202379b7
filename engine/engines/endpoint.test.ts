import { describe, expect, it } from 'vitest';
import { parseEngineHost } from './endpoint.js';

describe('parseEngineHost', () => {
  it('reads unix sockets, with or without the scheme', () => {
    expect(parseEngineHost('unix:///run/other.sock')).toEqual({ kind: 'unix', path: '/run/other.sock', host: 'unix:///run/other.sock' });
    expect(parseEngineHost(' /run/other.sock ')).toEqual({ kind: 'unix', path: '/run/other.sock', host: 'unix:///run/other.sock' });
    expect(parseEngineHost('unix://run/x.sock')).toHaveProperty('error', expect.stringContaining('absolute path'));
  });

  it('reads tcp with the default port for plain and TLS', () => {
    expect(parseEngineHost('tcp://10.0.0.2')).toMatchObject({ kind: 'tcp', hostname: '10.0.0.2', port: 2375, host: 'tcp://10.0.0.2:2375' });
    expect(parseEngineHost('tcp://10.0.0.2', true)).toMatchObject({ port: 2376 });
    expect(parseEngineHost('TCP://build.example:2376/')).toMatchObject({ hostname: 'build.example', port: 2376 });
    expect(parseEngineHost('tcp://[::1]:2376')).toMatchObject({ hostname: '::1', host: 'tcp://[::1]:2376' });
    expect(parseEngineHost('tcp://h:80')).toMatchObject({ port: 80 });
  });

  it('reads ssh with an optional user and port', () => {
    expect(parseEngineHost('ssh://me@build')).toEqual({ kind: 'ssh', user: 'me', hostname: 'build', port: 22, host: 'ssh://me@build' });
    expect(parseEngineHost('ssh://build:2222')).toMatchObject({ user: undefined, port: 2222, host: 'ssh://build:2222' });
  });

  it('says what is wrong with a malformed address', () => {
    const bad: Array<[string, string]> = [
      ['', 'Type'],
      ['build-server', 'not an engine address'],
      ['http://x:2375', 'over http://'],
      ['tcp://host:99999', 'not a valid tcp://'],
      ['tcp://host:2375/v1.40', 'no path'],
      ['tcp://u@host:2375', 'no user'],
      ['ssh://me:pw@host', 'password'],
      ['tcp://bad_host!:1', 'not a'],
    ];
    for (const [input, words] of bad) {
      const r = parseEngineHost(input);
      expect(r, input).toHaveProperty('error');
      expect((r as { error: string }).error, input).toContain(words);
    }
  });
});
