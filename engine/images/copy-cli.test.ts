import { describe, expect, it } from 'vitest';
import { archiveProgress } from './archive.js';
import { copyProgressLine } from './copy-cli.js';

describe('berth image copy progress', () => {
  it('says bytes of about how many, and the share, while running', () => {
    const p = archiveProgress({ bytes: 4 * 1024 * 1024, total: 16 * 1024 * 1024, estimated: true, message: 'Sending app:1 from "Berth" to "build"…' });
    expect(copyProgressLine(p)).toBe('Sending app:1 from "Berth" to "build"… 4.0 MiB of about 16.0 MiB (25%)');
  });

  it('is the message alone before the first byte and at the end', () => {
    expect(copyProgressLine(archiveProgress({ bytes: 0, total: 10, estimated: true, message: '"Berth" is preparing app:1…' }))).toBe(
      '"Berth" is preparing app:1…',
    );
    expect(copyProgressLine(archiveProgress({ bytes: 10, total: 10, estimated: true, message: 'Copied app:1.' }, true))).toBe('Copied app:1.');
  });
});
