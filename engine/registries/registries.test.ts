import { describe, expect, it } from 'vitest';
import { explainDenied, knownRegistries, toAuthConfig } from './registries.js';

describe('registries', () => {
  it('lists stored logins, registries local images name, and Docker Hub, without secrets', () => {
    const list = knownRegistries(
      [{ server: 'ghcr.io', username: 'alice' }],
      ['nginx:latest', '127.0.0.1:5000/team/app:v1', '127.0.0.1:5000/team/app:v2', 'localhost:5001/x:1', 'Not A Ref'],
    );
    expect(list).toEqual([
      { server: 'ghcr.io', username: 'alice', loggedIn: true, localImages: 0 },
      { server: 'docker.io', username: undefined, loggedIn: false, localImages: 1 },
      { server: '127.0.0.1:5000', username: undefined, loggedIn: false, localImages: 2 },
      { server: 'localhost:5001', username: undefined, loggedIn: false, localImages: 1 },
    ]);
  });

  it('turns a registry’s refusal of a pull or push into what to do', () => {
    expect(explainDenied('127.0.0.1:5000', new Error('Pushing 127.0.0.1:5000/a:v1 failed: no basic auth credentials'))?.message).toBe(
      '127.0.0.1:5000 requires you to log in: open Registries and log in to 127.0.0.1:5000.',
    );
    expect(explainDenied('127.0.0.1:5000', { json: { message: 'unauthorized: authentication required' } }, 'alice')?.message).toBe(
      '127.0.0.1:5000 refused the stored login of alice: open Registries and log in to 127.0.0.1:5000 again.',
    );
    expect(explainDenied('index.docker.io', new Error('Head "https://…": no basic auth credentials'))?.message).toContain('log in to docker.io.');
    expect(explainDenied('127.0.0.1:5000', new Error('manifest unknown'))).toBeUndefined();
  });

  it('hands the engine the Hub login address, or the identity token instead of the password', () => {
    expect(toAuthConfig('docker.io', { username: 'a', secret: 'p', savedAt: 0 })).toEqual({
      username: 'a',
      password: 'p',
      serveraddress: 'https://index.docker.io/v1/',
    });
    expect(toAuthConfig('r.example', { username: 'a', secret: 'p', identityToken: 't', savedAt: 0 })).toEqual({
      username: 'a',
      identitytoken: 't',
      serveraddress: 'r.example',
    });
  });
});
