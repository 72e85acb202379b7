/**
 * Variable interpolation in Compose files, as the Compose Specification's "Interpolation" section says:
 * `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`,
 * `${VAR+alt}`, `$$` for a literal `$`, and defaults that hold further substitutions (`${A:-${B:-x}}`).
 * A `$` followed by anything else (`$1`, `$ `) is kept as it is, as Compose keeps it.
 */

/** Looks a variable up: `undefined` when it is not set at all (an empty string is set). */
export type Lookup = (name: string) => string | undefined;

/** A `${VAR:?msg}` whose variable is missing, or a `${` that is not a valid substitution. */
export class InterpolationError extends Error {
  constructor(
    message: string,
    /** The variable that was required, when that is the reason. */
    readonly variable?: string,
  ) {
    super(message);
  }
}

const NAME_START = /[_a-zA-Z]/;
const NAME_PART = /[_a-zA-Z0-9]/;

/** Substitute every variable in one string. Throws InterpolationError. */
export function interpolate(text: string, lookup: Lookup): string {
  if (!text.includes('$')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '{') {
      const end = closingBrace(text, i + 2);
      if (end < 0) throw new InterpolationError(`Invalid interpolation "${text.slice(i)}": the "\${" is never closed with "}".`);
      out += braced(text.slice(i + 2, end), lookup, text);
      i = end + 1;
    } else if (next !== undefined && NAME_START.test(next)) {
      let j = i + 2;
      while (j < text.length && NAME_PART.test(text[j]!)) j++;
      out += lookup(text.slice(i + 1, j)) ?? '';
      i = j;
    } else {
      out += '$';
      i++;
    }
  }
  return out;
}

/** The index of the `}` closing a `${` whose body starts at `from`, counting nested `${…}`; -1 when none. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && text[i + 1] === '$') i++;
    else if (c === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** The value of one `${…}` body (without its braces). */
function braced(body: string, lookup: Lookup, whole: string): string {
  const m = /^([_a-zA-Z][_a-zA-Z0-9]*)(?:(:?[-+?])([\s\S]*))?$/.exec(body);
  if (!m)
    throw new InterpolationError(`Invalid interpolation "\${${body}}" in "${whole}": a variable name is letters, digits and "_", not starting with a digit.`);
  const [, name, op, arg = ''] = m as unknown as [string, string, string | undefined, string | undefined];
  const value = lookup(name);
  if (!op) return value ?? '';
  const emptyCounts = op.startsWith(':');
  const missing = value === undefined || (emptyCounts && value === '');
  switch (op.slice(-1)) {
    case '-':
      return missing ? interpolate(arg, lookup) : value!;
    case '+':
      return missing ? '' : interpolate(arg, lookup);
    case '?': {
      if (!missing) return value!;
      const reason = interpolate(arg, lookup);
      throw new InterpolationError(
        `Required variable ${name} is ${value === undefined ? 'not set' : 'empty'}${reason ? `: ${reason}` : ''}. Set it in the environment or in the .env file.`,
        name,
      );
    }
    default:
      throw new InterpolationError(`Invalid interpolation "\${${body}}".`);
  }
}

/** Where a value sits in a YAML tree: mapping keys and sequence indexes from the root. */
export type TreePath = ReadonlyArray<string | number>;

/** One failed substitution, with where it was. */
export interface InterpolationFailure {
  readonly path: TreePath;
  readonly error: InterpolationError;
}

/**
 * Interpolate every string value of a parsed YAML tree (keys are left alone, as Compose leaves them), collecting
 * failures instead of stopping at the first, so every missing variable is reported at once. `x-` extension
 * sections are interpolated too, like Compose does.
 */
export function interpolateTree(value: unknown, lookup: Lookup, failures: InterpolationFailure[], path: TreePath = []): unknown {
  if (typeof value === 'string') {
    try {
      return interpolate(value, lookup);
    } catch (err) {
      if (!(err instanceof InterpolationError)) throw err;
      failures.push({ path, error: err });
      return value;
    }
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolateTree(v, lookup, failures, [...path, i]));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = interpolateTree(v, lookup, failures, [...path, k]);
    return out;
  }
  if (value instanceof OverrideTag) return new OverrideTag(interpolateTree(value.value, lookup, failures, path));
  return value;
}

/** A YAML mapping as a plain object (not an array, not null, not a merge tag). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** `!reset` in an override file: the attribute goes back to its default (Compose Specification, "Reset value"). */
export class ResetTag {}

/** `!override` in an override file: the value replaces the earlier one whole, with no merge ("Replace value"). */
export class OverrideTag {
  constructor(readonly value: unknown) {}
}
