/**
 * What is wrong with a Compose project, said at its place: the file, and the line and column when the problem
 * sits at a node of the YAML, with the key it is about.
 */

/** One problem in a Compose file. */
export interface ComposeIssue {
  readonly file: string;
  /** 1-based, when the problem has a place in the file. */
  readonly line?: number;
  readonly column?: number;
  /** The dotted path of the offending key, e.g. `services.web.ports[0]`. */
  readonly key?: string;
  readonly message: string;
}

/** The project cannot be loaded; every issue found is listed, not only the first. */
export class ComposeError extends Error {
  constructor(readonly issues: readonly ComposeIssue[]) {
    super(issues.map(formatIssue).join('\n'));
  }
}

/** `file:line:column: key: message`, the way compilers print, so editors can jump there. */
export function formatIssue(i: ComposeIssue): string {
  const at = i.line ? `${i.file}:${i.line}:${i.column ?? 1}` : i.file;
  return `${at}: ${i.key ? `${i.key}: ` : ''}${i.message}`;
}

/** `services.web.ports[0]` from a tree path. */
export function dottedPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out;
}
