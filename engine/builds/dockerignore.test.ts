import { describe, expect, it } from 'vitest';
import { cleanPath, Dockerignore, parseDockerignore, patternRegExp } from './dockerignore.js';

const ignore = (text: string, dockerfile = 'Dockerfile') => Dockerignore.forBuild(text, dockerfile);

describe('.dockerignore, as Docker reads it', () => {
  it('follows the examples of Docker’s documentation', () => {
    const d = ignore('# comment\n*/temp*\n*/*/temp*\ntemp?\n');
    expect(d.excludes('somedir/temporary.txt')).toBe(true);
    expect(d.excludes('somedir/temp')).toBe(true);
    expect(d.excludes('somedir/subdir/temporary.txt')).toBe(true);
    expect(d.excludes('tempa')).toBe(true);
    expect(d.excludes('temp')).toBe(false);
    expect(d.excludes('temporary.txt')).toBe(false);
    expect(d.excludes('a/b/c/temp')).toBe(false);
  });

  it('lets the last matching line decide, with ! exceptions', () => {
    const d = ignore('*.md\n!README*.md\nREADME-secret.md\n');
    expect(d.excludes('CHANGES.md')).toBe(true);
    expect(d.excludes('README.md')).toBe(false);
    expect(d.excludes('README-secret.md')).toBe(true);
    const e = ignore('*.md\nREADME-secret.md\n!README*.md\n');
    expect(e.excludes('README-secret.md')).toBe(false);
  });

  it('matches ** across folders, and a folder excludes everything below it', () => {
    const d = ignore('**/*.go\nnode_modules\n/build/\n./tmp//cache\n');
    expect(d.excludes('main.go')).toBe(true);
    expect(d.excludes('cmd/app/main.go')).toBe(true);
    expect(d.excludes('node_modules/left-pad/index.js')).toBe(true);
    expect(d.excludes('src/node_modules/x')).toBe(false);
    expect(d.excludes('build/out.bin')).toBe(true);
    expect(d.excludes('tmp/cache/a')).toBe(true);
    expect(d.excludes('tmp/other')).toBe(false);
    expect(ignore('docs/**').excludes('docs/a/b.txt')).toBe(true);
    expect(ignore('**').excludes('anything/at/all')).toBe(true);
  });

  it('brings a file back from an excluded folder with an exception, and knows to look inside', () => {
    const d = ignore('vendor\n!vendor/keep.txt\n');
    expect(d.excludes('vendor/drop.txt')).toBe(true);
    expect(d.excludes('vendor/keep.txt')).toBe(false);
    expect(d.mayIncludeInside('vendor')).toBe(true);
    expect(d.mayIncludeInside('other')).toBe(false);
    expect(ignore('vendor').mayIncludeInside('vendor')).toBe(false);
  });

  it('always sends the Dockerfile and the .dockerignore, as the docker CLI does', () => {
    const d = ignore('*\n', 'build/Dockerfile.prod');
    expect(d.excludes('src/app.js')).toBe(true);
    expect(d.excludes('build/Dockerfile.prod')).toBe(false);
    expect(d.excludes('.dockerignore')).toBe(false);
  });

  it('handles classes and escapes, and skips blank and comment lines', () => {
    expect(patternRegExp('file[0-9].txt').test('file7.txt')).toBe(true);
    expect(patternRegExp('file[!0-9].txt').test('file7.txt')).toBe(false);
    expect(patternRegExp('a\\*b').test('a*b')).toBe(true);
    expect(patternRegExp('a\\*b').test('axb')).toBe(false);
    expect(parseDockerignore('\n  # note\n\n  spaced.txt  \n!\n').map((p) => p.text)).toEqual(['spaced.txt']);
    expect(cleanPath('./a//b/../c/')).toBe('a/c');
    expect(cleanPath('/x/../..')).toBe('/');
  });
});
