import { describe, expect, it } from 'vitest';
import { parseRequestTarget } from './request-target.js';

describe('parseRequestTarget', () => {
  it('reads a path and its query, percent-decoded', () => {
    const t = parseRequestTarget('/assets/a%20b.js?token=abc&x=%E2%9C%93');
    expect(t).toMatchObject({ path: '/assets/a b.js', rawPath: '/assets/a%20b.js' });
    if (!('path' in t)) throw new Error('refused');
    expect(t.query.get('token')).toBe('abc');
    expect(t.query.get('x')).toBe('✓');
    expect(parseRequestTarget('/')).toMatchObject({ path: '/' });
    expect(parseRequestTarget(undefined)).toMatchObject({ refused: expect.stringMatching(/is not a path/) });
  });

  it('refuses broken percent-escapes with a sentence instead of throwing', () => {
    for (const raw of ['/%', '/%E0%A4%A', '/%zz', '/%C0%AF', '/%ED%A0%80', '/a%']) {
      expect(parseRequestTarget(raw)).toEqual({ refused: `The path ${JSON.stringify(raw)} is not valid: each % must start an escape of UTF-8, such as %20.` });
    }
  });

  it('keeps a broken escape in the query as written (the token check then fails, no crash)', () => {
    const t = parseRequestTarget('/rpc?token=%');
    expect('path' in t && t.query.get('token')).toBe('%');
  });

  it('refuses NUL, asterisk-form, absolute-form and other non-paths', () => {
    expect(parseRequestTarget('/index.html%00.js')).toMatchObject({ refused: expect.stringMatching(/NUL/) });
    expect(parseRequestTarget('*')).toMatchObject({ refused: expect.stringMatching(/as a whole/) });
    for (const raw of ['http://127.0.0.1:4790/', 'http://', 'http://[', 'a:b', 'ws://x/rpc']) {
      expect(parseRequestTarget(raw)).toMatchObject({ refused: expect.stringMatching(/^Berth’s web host is not a proxy/) });
    }
    expect(parseRequestTarget('x'.repeat(500))).toMatchObject({ refused: expect.stringMatching(/^"x{80}…" is not a path/) });
  });

  it('takes // and backslashes as paths (they never name a host here)', () => {
    expect(parseRequestTarget('//')).toMatchObject({ path: '//' });
    expect(parseRequestTarget('//evil.example/x')).toMatchObject({ path: '//evil.example/x' });
    expect(parseRequestTarget('/\\')).toMatchObject({ path: '/\\' });
  });
});
