/** Python distributions: `<name>.dist-info/METADATA` (core metadata headers) and its RECORD (the files, with sizes). */
import type { FoundPackage } from './model.js';
import { field, parseStanzas } from './rfc822.js';

/** Trove classifiers of the common licences, as SPDX ids. */
const CLASSIFIERS: Readonly<Record<string, string>> = {
  'MIT License': 'MIT',
  'BSD License': 'BSD-3-Clause',
  'Apache Software License': 'Apache-2.0',
  'ISC License (ISCL)': 'ISC',
  'Mozilla Public License 2.0 (MPL 2.0)': 'MPL-2.0',
  'GNU General Public License v2 (GPLv2)': 'GPL-2.0-only',
  'GNU General Public License v3 (GPLv3)': 'GPL-3.0-only',
  'GNU General Public License v2 or later (GPLv2+)': 'GPL-2.0-or-later',
  'GNU General Public License v3 or later (GPLv3+)': 'GPL-3.0-or-later',
  'GNU Lesser General Public License v2 or later (LGPLv2+)': 'LGPL-2.0-or-later',
  'GNU Lesser General Public License v3 (LGPLv3)': 'LGPL-3.0-only',
  'GNU Lesser General Public License v3 or later (LGPLv3+)': 'LGPL-3.0-or-later',
  'Python Software Foundation License': 'PSF-2.0',
  'The Unlicense (Unlicense)': 'Unlicense',
  'Zope Public License': 'ZPL-2.1',
};

export const isDistInfo = (path: string, file: 'METADATA' | 'RECORD'): boolean => new RegExp(`(^|/)[^/]+\\.dist-info/${file}$`).test(path);

/** Pure: the distribution a METADATA file describes (its licence from License-Expression, a short License field, else the classifiers). */
export function parseMetadata(text: string): FoundPackage | undefined {
  const headers = parseStanzas(text, { headersOnly: true })[0];
  if (!headers) return undefined;
  const name = field(headers, 'name');
  const version = field(headers, 'version');
  if (!name || !version) return undefined;
  const licences: string[] = [];
  const expression = field(headers, 'license-expression');
  const declared = headers.get('license')?.[0]?.trim();
  if (expression) licences.push(expression);
  // A License field is sometimes the licence's whole text: only a short one-line name is a name.
  else if (declared && !declared.includes('\n') && declared.length <= 64 && !/^unknown$/i.test(declared)) licences.push(declared);
  else
    for (const c of headers.get('classifier') ?? []) {
      const m = /^License :: (?:OSI Approved :: )?(.+)$/.exec(c.trim());
      if (m && m[1] !== 'OSI Approved') {
        const id = CLASSIFIERS[m[1]!] ?? m[1]!;
        if (!licences.includes(id)) licences.push(id);
      }
    }
  return { ecosystem: 'python', name, version, licences };
}

/** Pure: the bytes a RECORD file lists (its last column), summed. */
export function recordSize(text: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const comma = line.lastIndexOf(',');
    const n = comma < 0 ? NaN : Number(line.slice(comma + 1).trim());
    if (Number.isFinite(n) && n > 0) total += n;
  }
  return total;
}
