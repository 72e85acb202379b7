/**
 * Debian's package database: `/var/lib/dpkg/status` (every package, one
 * stanza each), the one-file-per-package `status.d/` of distroless images,
 * and the machine-readable (DEP-5) copyright files that name each package's licences.
 */
import type { FoundPackage } from './model.js';
import { field, parseStanzas } from './rfc822.js';

/** dpkg states in which a package's files are not on disk. */
const GONE = new Set(['not-installed', 'config-files']);

/** Pure: the installed packages of a dpkg status file (or a status.d file). */
export function parseDpkgStatus(text: string): FoundPackage[] {
  const out: FoundPackage[] = [];
  for (const s of parseStanzas(text)) {
    const name = field(s, 'package');
    const version = field(s, 'version');
    if (!name || !version) continue;
    // "install ok installed": the third word is the state. status.d files have no Status field: they list installed packages.
    const state = field(s, 'status')?.split(/\s+/)[2];
    if (state && GONE.has(state)) continue;
    const kib = Number(field(s, 'installed-size'));
    const arch = field(s, 'architecture');
    // "Source: glibc (2.36-9)": the source package, and its version when it differs.
    const source = field(s, 'source')?.split(/\s+/)[0];
    out.push({
      ecosystem: 'deb',
      name,
      version,
      licences: [],
      ...(Number.isFinite(kib) && kib > 0 ? { size: kib * 1024 } : {}),
      ...(arch ? { arch } : {}),
      ...(source && source !== name ? { source } : {}),
    });
  }
  return out;
}

/**
 * Pure: the licences a machine-readable Debian copyright file names (the
 * short name on the first line of each Files stanza's License field, each
 * once, in order); undefined when the file is not in that format.
 */
export function parseDebianCopyright(text: string): string[] | undefined {
  const stanzas = parseStanzas(text);
  const header = stanzas[0];
  const format = header && field(header, 'format');
  if (!format || !/copyright-format|dep5/i.test(format)) return undefined;
  const licences: string[] = [];
  const add = (value: string | undefined) => {
    const name = value?.split('\n')[0]?.trim();
    if (name && !licences.includes(name)) licences.push(name);
  };
  for (const s of stanzas.slice(1)) if (s.has('files')) add(s.get('license')?.[0]);
  // A header may name the licence of the whole work.
  if (!licences.length) add(header.get('license')?.[0]);
  return licences;
}
