/**
 * Ordering versions the way dpkg does (epoch, upstream version, revision;
 * runs of digits compared as numbers, `~` before anything, even the end).
 * Good enough for apk, npm, Python and Go versions to tell an upgrade from a downgrade.
 */

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** The weight of one non-digit character (or the end) in a comparison. */
function weight(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c === '~') return -1;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

function comparePart(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const d = weight(isDigit(a[i]) ? undefined : a[i]) - weight(isDigit(b[j]) ? undefined : b[j]);
      if (d) return d;
      if (!isDigit(a[i])) i++;
      if (!isDigit(b[j])) j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    let first = 0;
    while (isDigit(a[i]) && isDigit(b[j])) {
      first ||= a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(a[i])) return 1;
    if (isDigit(b[j])) return -1;
    if (first) return first;
  }
  return 0;
}

function split(v: string): [number, string, string] {
  const colon = v.indexOf(':');
  const epoch = colon > 0 && /^\d+$/.test(v.slice(0, colon)) ? Number(v.slice(0, colon)) : 0;
  const rest = colon > 0 && epoch >= 0 && /^\d+$/.test(v.slice(0, colon)) ? v.slice(colon + 1) : v;
  const dash = rest.lastIndexOf('-');
  return dash > 0 ? [epoch, rest.slice(0, dash), rest.slice(dash + 1)] : [epoch, rest, ''];
}

/** Pure: negative when a is older than b, positive when newer, 0 when the same. */
export function compareVersions(a: string, b: string): number {
  const [ea, ua, ra] = split(a.replace(/^v(?=\d)/, ''));
  const [eb, ub, rb] = split(b.replace(/^v(?=\d)/, ''));
  return Math.sign(ea - eb || comparePart(ua, ub) || comparePart(ra, rb));
}
