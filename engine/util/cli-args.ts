/** Command-line options, read with node:util's parseArgs, and wrong ones told in one sentence. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in how a command was typed: the CLI prints it with a pointer to `berth help`. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * The options in `args` (no positional words); anything else is a UsageError that names it: an unknown
 * option or word, an option without its value (the next word starting with "-" is not taken as one), or a
 * value given to a switch.
 */
export function parseFlags<const O extends Options>(args: string[], options: O) {
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  for (const t of tokens) {
    if (t.kind === 'positional') throw new UsageError(`Unknown option "${t.value}".`);
    if (t.kind !== 'option') continue;
    const option = Object.hasOwn(options, t.name) ? options[t.name] : undefined;
    if (!option) throw new UsageError(`Unknown option "${t.rawName}".`);
    if (option.type === 'string' && (t.value === undefined || (!t.inlineValue && t.value.startsWith('-')))) {
      throw new UsageError(`Option ${t.rawName} needs a value.`);
    }
    if (option.type === 'boolean' && t.inlineValue) throw new UsageError(`Option ${t.rawName} takes no value.`);
  }
  return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
}
