import { describe, expect, it } from 'vitest';
import { parseFlags, UsageError } from './cli-args.js';

const logs = { lines: { type: 'string', short: 'n' }, follow: { type: 'boolean', short: 'f' } } as const;

describe('parseFlags', () => {
  it('reads long, short and inline options', () => {
    expect(parseFlags(['-n', '5', '-f'], logs)).toEqual({ lines: '5', follow: true });
    expect(parseFlags(['--lines=7', '--follow'], logs)).toEqual({ lines: '7', follow: true });
    expect(parseFlags([], logs)).toEqual({});
  });
  it('names what is wrong in one sentence', () => {
    expect(() => parseFlags(['-x'], logs)).toThrow(new UsageError('Unknown option "-x".'));
    expect(() => parseFlags(['extra'], logs)).toThrow('Unknown option "extra".');
    expect(() => parseFlags(['--constructor'], logs)).toThrow('Unknown option "--constructor".');
    expect(() => parseFlags(['-n'], logs)).toThrow('Option -n needs a value.');
    expect(() => parseFlags(['-n', '-f'], logs)).toThrow('Option -n needs a value.');
    expect(() => parseFlags(['--follow=yes'], logs)).toThrow('Option --follow takes no value.');
    expect(() => parseFlags(['--yes'], {})).toThrow('Unknown option "--yes".');
  });
});
