/**
 * `.env` and `env_file` files as Compose reads them: `KEY=value` lines, `export KEY=value`, `#` comments,
 * single-quoted values kept literally, double-quoted values with escapes (`\n`, `\"`, `\\`) over several lines,
 * unquoted values trimmed and cut at ` #`, and `${VAR}` substitutions in unquoted and double-quoted values
 * (from the lines above, then from `lookup`). A bare `KEY` takes the value `lookup` has for it, if any.
 */
import { interpolate, InterpolationError, type Lookup } from './interpolate.js';

/** A line of a .env file that cannot be read. */
export class DotenvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** Parse the text of an env file into its variables, in file order. Throws DotenvError. */
export function parseDotenv(text: string, lookup: Lookup = () => undefined): Map<string, string> {
  const vars = new Map<string, string>();
  const resolve: Lookup = (name) => vars.get(name) ?? lookup(name);
  const src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let pos = 0;
  let line = 1;
  while (pos < src.length) {
    const eol = src.indexOf('\n', pos);
    const raw = src.slice(pos, eol < 0 ? src.length : eol);
    const startLine = line;
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('#')) {
      pos = eol < 0 ? src.length : eol + 1;
      line++;
      continue;
    }
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(?:(=)\s*)?/.exec(raw);
    if (!m) throw new DotenvError(`Line ${startLine} is not KEY=VALUE: "${trimmed}".`, startLine);
    const key = m[1]!;
    if (!m[2]) {
      if (raw.slice(m[0].length).trim() && !raw.slice(m[0].length).trim().startsWith('#')) {
        throw new DotenvError(`Line ${startLine} is not KEY=VALUE: "${trimmed}".`, startLine);
      }
      const inherited = lookup(key);
      if (inherited !== undefined) vars.set(key, inherited);
      pos = eol < 0 ? src.length : eol + 1;
      line++;
      continue;
    }
    const valueStart = pos + m[0].length;
    const quote = src[valueStart];
    if (quote === '"' || quote === "'") {
      let end = valueStart + 1;
      while (end < src.length && src[end] !== quote) end += src[end] === '\\' && quote === '"' ? 2 : 1;
      if (end >= src.length) throw new DotenvError(`Line ${startLine}: the value of ${key} opens a ${quote} quote that is never closed.`, startLine);
      const body = src.slice(valueStart + 1, end);
      vars.set(key, quote === "'" ? body : substitute(unescape(body), resolve, startLine));
      line += (body.match(/\n/g) ?? []).length;
      const rest = src.indexOf('\n', end);
      pos = rest < 0 ? src.length : rest + 1;
      line++;
      continue;
    }
    let value = raw.slice(m[0].length);
    const comment = value.search(/\s#/);
    if (comment >= 0) value = value.slice(0, comment);
    vars.set(key, substitute(value.trim(), resolve, startLine));
    pos = eol < 0 ? src.length : eol + 1;
    line++;
  }
  return vars;
}

function unescape(s: string): string {
  return s.replace(/\\([nrt"\\$])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? (c === '$' ? '$$' : c));
}

function substitute(value: string, lookup: Lookup, line: number): string {
  try {
    return interpolate(value, lookup);
  } catch (err) {
    if (err instanceof InterpolationError) throw new DotenvError(`Line ${line}: ${err.message}`, line);
    throw err;
  }
}
