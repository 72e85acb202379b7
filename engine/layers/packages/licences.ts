/**
 * Licence names as SPDX: the common SPDX licence ids, the short names Debian
 * copyright files use for them, and SPDX expressions built from them. A name
 * that is none of these stays a name (SBOMs carry it as text, never as an id).
 */

const IDS = [
  '0BSD',
  'AFL-2.1',
  'AGPL-3.0-only',
  'AGPL-3.0-or-later',
  'Apache-1.1',
  'Apache-2.0',
  'APSL-2.0',
  'Artistic-1.0',
  'Artistic-1.0-Perl',
  'Artistic-2.0',
  'Beerware',
  'BlueOak-1.0.0',
  'BSD-1-Clause',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'BSD-4-Clause',
  'BSL-1.0',
  'bzip2-1.0.6',
  'CC-BY-3.0',
  'CC-BY-4.0',
  'CC-BY-SA-3.0',
  'CC-BY-SA-4.0',
  'CC0-1.0',
  'CDDL-1.0',
  'CDDL-1.1',
  'curl',
  'ECL-2.0',
  'EPL-1.0',
  'EPL-2.0',
  'EUPL-1.2',
  'FTL',
  'GFDL-1.2-only',
  'GFDL-1.2-or-later',
  'GFDL-1.3-only',
  'GFDL-1.3-or-later',
  'GPL-1.0-only',
  'GPL-1.0-or-later',
  'GPL-2.0-only',
  'GPL-2.0-or-later',
  'GPL-3.0-only',
  'GPL-3.0-or-later',
  'HPND',
  'ICU',
  'IJG',
  'ISC',
  'LGPL-2.0-only',
  'LGPL-2.0-or-later',
  'LGPL-2.1-only',
  'LGPL-2.1-or-later',
  'LGPL-3.0-only',
  'LGPL-3.0-or-later',
  'Libpng',
  'libtiff',
  'MirOS',
  'MIT',
  'MIT-0',
  'MPL-1.1',
  'MPL-2.0',
  'MS-PL',
  'NCSA',
  'OFL-1.1',
  'OpenSSL',
  'PHP-3.01',
  'PostgreSQL',
  'PSF-2.0',
  'Python-2.0',
  'Ruby',
  'SGI-B-2.0',
  'Sleepycat',
  'TCL',
  'Unicode-3.0',
  'Unicode-DFS-2016',
  'Unlicense',
  'UPL-1.0',
  'Vim',
  'W3C',
  'WTFPL',
  'X11',
  'Zlib',
  'ZPL-2.1',
];
const EXCEPTIONS = ['Autoconf-exception-3.0', 'Bison-exception-2.2', 'Classpath-exception-2.0', 'GCC-exception-3.1', 'LLVM-exception', 'OpenSSL-exception'];

/** Every SPDX licence id Berth knows, by its lower-case form. */
export const SPDX_IDS: ReadonlyMap<string, string> = new Map(IDS.map((id) => [id.toLowerCase(), id]));
const EXCEPTION_IDS: ReadonlyMap<string, string> = new Map(EXCEPTIONS.map((id) => [id.toLowerCase(), id]));

/** Short names in Debian copyright files (and other common spellings) that mean an SPDX licence. */
const ALIASES: Readonly<Record<string, string>> = {
  'gpl-1': 'GPL-1.0-only',
  'gpl-1+': 'GPL-1.0-or-later',
  'gpl-2': 'GPL-2.0-only',
  'gpl-2+': 'GPL-2.0-or-later',
  'gpl-3': 'GPL-3.0-only',
  'gpl-3+': 'GPL-3.0-or-later',
  'lgpl-2': 'LGPL-2.0-only',
  'lgpl-2+': 'LGPL-2.0-or-later',
  'lgpl-2.1': 'LGPL-2.1-only',
  'lgpl-2.1+': 'LGPL-2.1-or-later',
  'lgpl-3': 'LGPL-3.0-only',
  'lgpl-3+': 'LGPL-3.0-or-later',
  'agpl-3': 'AGPL-3.0-only',
  'agpl-3+': 'AGPL-3.0-or-later',
  'gfdl-1.2': 'GFDL-1.2-only',
  'gfdl-1.2+': 'GFDL-1.2-or-later',
  'gfdl-1.3': 'GFDL-1.3-only',
  'gfdl-1.3+': 'GFDL-1.3-or-later',
  'apache-2': 'Apache-2.0',
  'apache 2.0': 'Apache-2.0',
  expat: 'MIT',
  'mpl-2': 'MPL-2.0',
  artistic: 'Artistic-1.0-Perl',
  'psf-2': 'PSF-2.0',
  'gpl-2.0+': 'GPL-2.0-or-later',
  'gpl-3.0+': 'GPL-3.0-or-later',
};

/** Pure: the SPDX id a licence name stands for, if Berth knows it. */
export function spdxId(name: string): string | undefined {
  const key = name.trim().toLowerCase();
  return SPDX_IDS.get(key) ?? ALIASES[key];
}

/**
 * Pure: the licences as one SPDX expression (joined by AND), when every
 * name in them is a known id or an expression of known ids; else undefined.
 */
export function spdxExpression(licences: readonly string[]): string | undefined {
  if (!licences.length) return undefined;
  const parts: string[] = [];
  for (const l of licences) {
    const tokens = l
      .replace(/([()])/g, ' $1 ')
      .trim()
      .split(/\s+/);
    const out: string[] = [];
    let afterWith = false;
    for (const t of tokens) {
      const op = t.toUpperCase();
      if (op === 'AND' || op === 'OR' || op === 'WITH') {
        out.push(op);
        afterWith = op === 'WITH';
      } else if (t === '(' || t === ')') out.push(t);
      else {
        const id = afterWith ? EXCEPTION_IDS.get(t.toLowerCase()) : spdxId(t);
        if (!id) return undefined;
        out.push(id);
        afterWith = false;
      }
    }
    const text = out.join(' ').replace(/\( /g, '(').replace(/ \)/g, ')');
    parts.push(licences.length > 1 && /\s(AND|OR)\s/.test(text) ? `(${text})` : text);
  }
  return parts.join(' AND ');
}
