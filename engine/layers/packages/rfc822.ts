/**
 * Stanzas of `Field: value` lines, as dpkg's status file, Debian copyright
 * files and Python's METADATA write them: a line starting with a space or tab
 * continues the field above, a blank line ends a stanza.
 */

export type Stanza = ReadonlyMap<string, string[]>;

/** Pure: the stanzas of a text; field names are kept as written, lowercased; repeated fields keep every value. */
export function parseStanzas(text: string, options: { headersOnly?: boolean } = {}): Stanza[] {
  const out: Stanza[] = [];
  let current = new Map<string, string[]>();
  let last: { key: string; index: number } | undefined;
  const close = () => {
    if (current.size) out.push(current);
    current = new Map();
    last = undefined;
  };
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') {
      close();
      if (options.headersOnly && out.length) break;
      continue;
    }
    if ((line[0] === ' ' || line[0] === '\t') && last) {
      const values = current.get(last.key)!;
      values[last.index] += `\n${line.slice(1)}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const values = current.get(key) ?? [];
    values.push(value);
    current.set(key, values);
    last = { key, index: values.length - 1 };
  }
  close();
  return out;
}

/** The first value of a field, its first line only. */
export const field = (s: Stanza, key: string): string | undefined => s.get(key)?.[0]?.split('\n')[0]?.trim() || undefined;
