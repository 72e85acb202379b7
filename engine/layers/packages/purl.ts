/** Package URLs (purl, github.com/package-url/purl-spec) of the packages found. */
import type { FoundPackage, OsRelease } from './model.js';

const enc = (s: string) => encodeURIComponent(s);

/** Pure: the Python name as the index normalises it (PEP 503). */
export const pypiName = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');

/** Pure: a package's purl (`os` gives the distro namespace and qualifier for dpkg and apk packages). */
export function purlOf(p: FoundPackage, os?: OsRelease): string {
  const qualifiers = (q: Record<string, string | undefined>) => {
    const parts = Object.entries(q)
      .filter((e): e is [string, string] => !!e[1])
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${enc(v)}`);
    return parts.length ? `?${parts.join('&')}` : '';
  };
  const version = `@${enc(p.version)}`;
  switch (p.ecosystem) {
    case 'deb': {
      const ns = os && os.id !== 'alpine' ? os.id : 'debian';
      return `pkg:deb/${enc(ns)}/${enc(p.name)}${version}${qualifiers({
        arch: p.arch,
        distro: os?.versionId ? `${ns}-${os.versionId}` : undefined,
        upstream: p.source,
      })}`;
    }
    case 'apk':
      return `pkg:apk/alpine/${enc(p.name)}${version}${qualifiers({ arch: p.arch, distro: os?.id === 'alpine' ? os.versionId : undefined })}`;
    case 'npm': {
      const slash = p.name.startsWith('@') ? p.name.indexOf('/') : -1;
      return slash > 0 ? `pkg:npm/${enc(p.name.slice(0, slash))}/${enc(p.name.slice(slash + 1))}${version}` : `pkg:npm/${enc(p.name)}${version}`;
    }
    case 'python':
      return `pkg:pypi/${enc(pypiName(p.name))}${version}`;
    case 'go':
      return `pkg:golang/${p.name.split('/').map(enc).join('/')}${version}`;
  }
}
