import { describe, expect, it } from 'vitest';
import { parseDotenv } from './dotenv.js';
import { interpolate, InterpolationError } from './interpolate.js';
import { splitShellWords } from './shell-words.js';

const env: Record<string, string> = { SET: 'value', EMPTY: '', NAME: 'web', INNER: 'in' };
const lookup = (n: string) => env[n];

describe('interpolate', () => {
  it.each([
    ['$SET', 'value'],
    ['${SET}', 'value'],
    ['pre-${SET}-post', 'pre-value-post'],
    ['${UNSET}', ''],
    ['${UNSET:-dflt}', 'dflt'],
    ['${EMPTY:-dflt}', 'dflt'],
    ['${EMPTY-dflt}', ''],
    ['${UNSET-dflt}', 'dflt'],
    ['${SET:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['${UNSET+alt}', ''],
    ['$$SET', '$SET'],
    ['$${SET}', '${SET}'],
    ['cost: $$5', 'cost: $5'],
    ['${UNSET:-${INNER}}', 'in'],
    ['${UNSET:-${ALSO_UNSET:-deep}}', 'deep'],
    ['${UNSET:-a ${NAME} b}', 'a web b'],
    ['${UNSET:-{braces}}', '{braces}'],
    ['$1 and $ alone', '$1 and $ alone'],
    ['$SET_SUFFIX', ''],
    ['${SET}_SUFFIX', 'value_SUFFIX'],
    ['${SET:-x:y}', 'value'],
    ['${UNSET:-http://h:80/p}', 'http://h:80/p'],
  ])('%s → %s', (text, want) => {
    expect(interpolate(text, lookup)).toBe(want);
  });

  it('refuses a required variable that is missing or empty, naming it and the reason', () => {
    expect(() => interpolate('${UNSET:?set it please}', lookup)).toThrow(/Required variable UNSET is not set: set it please/);
    expect(() => interpolate('${EMPTY:?}', lookup)).toThrow(/EMPTY is empty/);
    expect(interpolate('${EMPTY?must be set}', lookup)).toBe('');
    expect(() => interpolate('${UNSET?must be set}', lookup)).toThrow(InterpolationError);
    expect(interpolate('${SET:?x}', lookup)).toBe('value');
  });

  it('refuses malformed substitutions', () => {
    expect(() => interpolate('${SET', lookup)).toThrow(/never closed/);
    expect(() => interpolate('${1BAD}', lookup)).toThrow(/Invalid interpolation/);
    expect(() => interpolate('${}', lookup)).toThrow(/Invalid interpolation/);
    expect(() => interpolate('${SET:x}', lookup)).toThrow(/Invalid interpolation/);
  });
});

describe('parseDotenv', () => {
  it('reads the forms Compose reads', () => {
    const text = [
      '# comment',
      '',
      'A=1',
      'export B=two words  # trailing comment',
      'C="quoted # not a comment\\nnext"',
      "D='single ${A} kept'",
      'E=${A}-${OUTSIDE:-dflt}',
      'F="multi',
      'line"',
      'G=',
      'INHERITED',
      'URL=http://x/#frag',
    ].join('\n');
    const vars = parseDotenv(text, (n) => ({ INHERITED: 'from-os' })[n]);
    expect(Object.fromEntries(vars)).toEqual({
      A: '1',
      B: 'two words',
      C: 'quoted # not a comment\nnext',
      D: 'single ${A} kept',
      E: '1-dflt',
      F: 'multi\nline',
      G: '',
      INHERITED: 'from-os',
      URL: 'http://x/#frag',
    });
  });

  it('names the line it cannot read', () => {
    expect(() => parseDotenv('A=1\nnot a line\n')).toThrow(/Line 2/);
    expect(() => parseDotenv('A="open\n')).toThrow(/never closed/);
  });
});

describe('splitShellWords', () => {
  it('splits like a shell without expanding', () => {
    expect(splitShellWords(`nginx -g 'daemon off;'`)).toEqual(['nginx', '-g', 'daemon off;']);
    expect(splitShellWords(`sh -c "echo \\"hi\\" \\$HOME"`)).toEqual(['sh', '-c', 'echo "hi" $HOME']);
    expect(splitShellWords('a\\ b  c ""')).toEqual(['a b', 'c', '']);
    expect(() => splitShellWords(`echo 'open`)).toThrow(/never closed/);
  });
});
