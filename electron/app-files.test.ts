import { describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { contentTypeOf, externalHttpUrl, isAppUrl, resolveAppFile } from './app-files.js';

const root = resolve('/srv/berth/out/renderer');

describe('resolveAppFile', () => {
  it('serves files of the renderer folder, index.html for the root', () => {
    expect(resolveAppFile(root, 'berth://app/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'berth://app/')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'berth://app')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'berth://app/main.js?v=1#/containers')).toBe(join(root, 'main.js'));
    expect(resolveAppFile(root, 'berth://app/fonts/inter%20var.woff2')).toBe(join(root, 'fonts', 'inter var.woff2'));
  });

  it('refuses anything outside the folder', () => {
    for (const url of [
      'berth://app/../main.cjs',
      'berth://app/%2e%2e/%2e%2e/package.json',
      'berth://app/..%2f..%2fpackage.json',
      'berth://app/..%5c..%5cpackage.json',
      'berth://app/%2fetc%2fpasswd',
      'berth://app/a%00.js',
      'berth://app/%E0%A4%A',
    ]) {
      const file = resolveAppFile(root, url);
      if (file !== null) expect(file.startsWith(root + '/')).toBe(true);
    }
    expect(resolveAppFile(root, 'berth://app/..%2f..%2fpackage.json')).toBeNull();
    expect(resolveAppFile(root, 'berth://app/a%00.js')).toBeNull();
    expect(resolveAppFile(root, 'berth://app/%E0%A4%A')).toBeNull();
  });

  it('refuses other hosts and schemes', () => {
    expect(resolveAppFile(root, 'berth://other/index.html')).toBeNull();
    expect(resolveAppFile(root, 'file:///srv/berth/out/renderer/index.html')).toBeNull();
    expect(resolveAppFile(root, 'not a url')).toBeNull();
  });
});

describe('isAppUrl', () => {
  it('accepts only berth://app/', () => {
    expect(isAppUrl('berth://app/index.html#/engine')).toBe(true);
    expect(isAppUrl('berth://evil/index.html')).toBe(false);
    expect(isAppUrl('https://app/')).toBe(false);
    expect(isAppUrl('javascript:alert(1)')).toBe(false);
  });
});

describe('externalHttpUrl', () => {
  it('lets only http(s) URLs leave the app', () => {
    expect(externalHttpUrl('https://docs.docker.com/engine/')).toBe('https://docs.docker.com/engine/');
    expect(externalHttpUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/');
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'ms-settings:', 'https://', 'nonsense']) {
      expect(externalHttpUrl(url)).toBeNull();
    }
  });
});

describe('contentTypeOf', () => {
  it('types what the bundle holds, bytes otherwise', () => {
    expect(contentTypeOf('/x/main.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('/x/MAIN.CSS')).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('/x/blob')).toBe('application/octet-stream');
  });
});
