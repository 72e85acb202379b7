/**
 * `.dockerignore` read and matched as Docker does: lines trimmed, `#` lines
 * and blank lines skipped, `!` for exceptions, patterns cleaned like a path
 * (a leading `/` dropped), `*` and `?` within one path part, `**` across
 * parts, `[...]` classes and `\` escapes; a pattern also matches everything
 * below a directory it matches; the last pattern that matches decides.
 */

export interface IgnorePattern {
  /** As written (after trimming), for messages. */
  readonly text: string;
  /** An exception (`!pattern`): what it matches is sent after all. */
  readonly exception: boolean;
  /** The cleaned pattern's parts, for deciding whether to look inside an excluded directory. */
  readonly dirs: readonly string[];
  readonly regexp: RegExp;
}

/** Pure: clean a path as Go's filepath.Clean does (for slash paths): no `.`, `..` resolved, no double or trailing slashes. */
export function cleanPath(p: string): string {
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(part);
  }
  const joined = out.join('/');
  return rooted ? `/${joined}` : joined || '.';
}

/** Pure: one pattern as a regular expression over slash paths. */
export function patternRegExp(pattern: string): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') i++;
        re += i + 1 >= pattern.length ? '.*' : '(.*/)?';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '\\') {
      const next = pattern[++i];
      if (next !== undefined) re += next.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        let body = pattern.slice(i + 1, end);
        if (body.startsWith('^')) body = `!${body.slice(1)}`;
        re += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`${re}$`);
}

/** Pure: the patterns of a `.dockerignore` file's text. */
export function parseDockerignore(text: string): IgnorePattern[] {
  const out: IgnorePattern[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const exception = line.startsWith('!');
    let p = exception ? line.slice(1).trim() : line;
    if (!p) continue;
    p = cleanPath(p);
    if (p.startsWith('/')) p = p.slice(1) || '.';
    if (p === '.') continue;
    out.push({ text: line, exception, dirs: p.split('/'), regexp: patternRegExp(p) });
  }
  return out;
}

/** Pure: true when the pattern matches the path or one of its parent directories. */
function matchesOrParent(p: IgnorePattern, path: string): boolean {
  if (p.regexp.test(path)) return true;
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) if (p.regexp.test(parts.slice(0, i).join('/'))) return true;
  return false;
}

export class Dockerignore {
  readonly hasExceptions: boolean;

  constructor(readonly patterns: readonly IgnorePattern[]) {
    this.hasExceptions = patterns.some((p) => p.exception);
  }

  /**
   * From a `.dockerignore` text, with the build's own files always sent (as
   * the docker CLI does): the Dockerfile (when it is in the context) and the
   * `.dockerignore` itself.
   */
  static forBuild(text: string, dockerfileInContext?: string): Dockerignore {
    const patterns = parseDockerignore(text);
    const keep = ['.dockerignore', ...(dockerfileInContext ? [dockerfileInContext] : [])];
    for (const k of keep) patterns.push({ text: `!${k}`, exception: true, dirs: k.split('/'), regexp: patternRegExp(cleanPath(k)) });
    return new Dockerignore(patterns);
  }

  /** True when the path (relative, with slashes) is left out of the context. */
  excludes(path: string): boolean {
    let excluded = false;
    for (const p of this.patterns) {
      if (p.exception === !excluded) continue;
      if (matchesOrParent(p, path)) excluded = !p.exception;
    }
    return excluded;
  }

  /** True when an excluded directory must still be walked: an exception could bring back something inside it. */
  mayIncludeInside(dir: string): boolean {
    if (!this.hasExceptions) return false;
    const parts = dir.split('/');
    return this.patterns.some((p) => {
      if (!p.exception) return false;
      // An exception whose leading parts could match the directory's parts may apply below it.
      for (let i = 0; i < Math.min(parts.length, p.dirs.length); i++) {
        const part = p.dirs[i]!;
        if (part.includes('**')) return true;
        if (!patternRegExp(part).test(parts[i]!)) return false;
      }
      return true;
    });
  }
}
