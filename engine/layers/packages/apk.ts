/** Alpine's package database, `/lib/apk/db/installed`: a stanza of one-letter `X:value` lines per package. */
import type { FoundPackage } from './model.js';

/** Pure: the packages of an apk installed database. */
export function parseApkInstalled(text: string): FoundPackage[] {
  const out: FoundPackage[] = [];
  let f = new Map<string, string>();
  const close = () => {
    const name = f.get('P');
    const version = f.get('V');
    if (name && version) {
      const size = Number(f.get('I'));
      const arch = f.get('A');
      const origin = f.get('o');
      const licence = f.get('L');
      out.push({
        ecosystem: 'apk',
        name,
        version,
        licences: licence ? [licence] : [],
        ...(Number.isFinite(size) && size > 0 ? { size } : {}),
        ...(arch ? { arch } : {}),
        ...(origin && origin !== name ? { source: origin } : {}),
      });
    }
    f = new Map();
  };
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') {
      close();
      continue;
    }
    // Only a package's own fields matter here; F:/R: (its files) repeat and come after them.
    if (line[1] === ':' && !f.has(line[0]!)) f.set(line[0]!, line.slice(2));
  }
  close();
  return out;
}
