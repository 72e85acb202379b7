/** npm packages: the package.json at the top of each `node_modules/<name>` (or `node_modules/@scope/<name>`). */
import type { FoundPackage } from './model.js';

/** A package's own manifest path, and the package folder it names. */
const MANIFEST = /^(?:.*\/)?node_modules\/(?:@[^/]+\/)?[^/@.][^/]*\/package\.json$/;

export const isNpmManifest = (path: string): boolean => MANIFEST.test(path);

/** Pure: the package folder a file belongs to (the deepest `node_modules/<name>` above it), if any. */
export function npmPackageDir(path: string): string | undefined {
  const at = path.lastIndexOf('node_modules/');
  if (at < 0 || (at > 0 && path[at - 1] !== '/')) return undefined;
  const rest = path.slice(at + 'node_modules/'.length).split('/');
  const parts = rest[0]?.startsWith('@') ? 2 : 1;
  if (rest.length <= parts) return undefined;
  return path.slice(0, at + 'node_modules/'.length) + rest.slice(0, parts).join('/');
}

/** Pure: the package a package.json describes, or undefined when it is not one (no name or version, not JSON). */
export function parsePackageJson(text: string): FoundPackage | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!doc || typeof doc !== 'object') return undefined;
  const d = doc as { name?: unknown; version?: unknown; license?: unknown; licenses?: unknown };
  if (typeof d.name !== 'string' || typeof d.version !== 'string' || !d.name || !d.version) return undefined;
  const licences: string[] = [];
  const take = (l: unknown) => {
    const name =
      typeof l === 'string' ? l : l && typeof l === 'object' && typeof (l as { type?: unknown }).type === 'string' ? (l as { type: string }).type : '';
    if (name.trim() && !licences.includes(name.trim())) licences.push(name.trim());
  };
  take(d.license);
  // The old form: "licenses": [{ "type": "MIT" }, …].
  if (!licences.length && Array.isArray(d.licenses)) d.licenses.forEach(take);
  return { ecosystem: 'npm', name: d.name, version: d.version, licences };
}
