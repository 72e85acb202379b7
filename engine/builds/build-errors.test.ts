import { describe, expect, it } from 'vitest';
import { dockerfileFault, droppedBuildSentence, isConnectionDrop } from './build-errors.js';
import { parseInstructions, type Dockerfile } from './dockerfile.js';

/** The Dockerfile as far as its lines go (these are refused by the engine, not by Berth's reader). */
const df = (text: string): Dockerfile => ({ instructions: parseInstructions(text), globalArgs: [], stages: [] });
const B = 'FROM berth-test/busybox:latest\n';
// Messages recorded from dockerd 20.10: BuildKit (inside the build's reply) and the classic builder (its 400 reply).
const kit = (s: string) => `failed to solve with frontend dockerfile.v0: failed to create LLB definition: ${s}`;

describe('a build refused for its Dockerfile', () => {
  it('names the instruction BuildKit could not read, at its lines', () => {
    expect(dockerfileFault(kit('dockerfile parse error line 2: unknown instruction: FROMM'), df(`${B}FROMM busybox\n`))).toEqual({
      message: 'FROMM is not a Dockerfile instruction: did you mean FROM?',
      line: 2,
      endLine: 2,
    });
    expect(dockerfileFault(kit('dockerfile parse error line 2: Unknown flag: foo'), df(`${B}RUN --foo=bar echo\n`))?.message).toBe(
      '--foo is not an option of RUN.',
    );
    expect(dockerfileFault(kit('dockerfile parse error line 2: ENV requires at least one argument'), df(`${B}ENV\n`))?.message).toBe(
      'ENV needs at least one argument.',
    );
    expect(dockerfileFault(kit('dockerfile parse error line 2: time: invalid duration "x"'), df(`${B}HEALTHCHECK --interval=x CMD true\n`))?.message).toBe(
      'Time: invalid duration "x".',
    );
  });

  it('marks every line of an instruction that continues over several', () => {
    const text = `${B}COPY \\\n  onlyone\nRUN true\n`;
    expect(
      dockerfileFault(
        kit('dockerfile parse error line 2: COPY requires at least two arguments, but only one was provided. Destination could not be determined'),
        df(text),
      ),
    ).toEqual({
      message: 'COPY needs at least two arguments.',
      line: 2,
      endLine: 3,
    });
  });

  it('reads the classic builder the same way', () => {
    expect(dockerfileFault('dockerfile parse error line 4: USER requires exactly one argument', df(`${B}RUN echo a \\\n  && true\nUSER\n`))).toEqual({
      message: 'USER needs exactly one argument.',
      line: 4,
      endLine: 4,
    });
  });

  it('keeps BuildKit’s reason when it names no line, and leaves other failures alone', () => {
    expect(dockerfileFault(kit('Invalid containerPort: abc'), df(`${B}EXPOSE abc\n`))).toEqual({ message: 'Invalid containerPort: abc.' });
    const text = `${B}RUN echo about to fail && exit 3\n`;
    expect(dockerfileFault('executor failed running [/bin/sh -c echo about to fail && exit 3]: exit code: 3', df(text))).toBeUndefined();
    expect(dockerfileFault("The command '/bin/sh -c echo about to fail &&     exit 3' returned a non-zero code: 3", df(text))).toBeUndefined();
  });
});

describe('a build whose connection drops', () => {
  it('tells a broken connection from an engine that answered', () => {
    // Recorded from dockerode: a unix socket closed mid-upload (write EPIPE), a TCP peer reset, and a refusal with a status.
    expect(isConnectionDrop(Object.assign(new Error('write EPIPE'), { code: 'EPIPE', errno: -32, syscall: 'write' }))).toBe(true);
    expect(isConnectionDrop(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isConnectionDrop(new Error('socket hang up'))).toBe(true);
    expect(isConnectionDrop(Object.assign(new Error('(HTTP code 500) server error'), { statusCode: 500 }))).toBe(false);
    expect(isConnectionDrop(Object.assign(new Error('connect ENOENT /tmp/x.sock'), { code: 'ENOENT' }))).toBe(false);
  });

  it('names the engine, how far the upload got, and what to do', () => {
    expect(droppedBuildSentence('build-box', { sent: 4 * 1024 * 1024, total: 16 * 1024 * 1024, uploaded: false })).toBe(
      'The connection to "build-box" dropped while the build context was sent (4.0 MiB of 16.0 MiB). Check that "build-box" is running, then build again.',
    );
    expect(droppedBuildSentence(undefined, { sent: 10, total: 10, uploaded: true })).toBe(
      'The connection to Berth’s engine dropped while the build ran: the engine stops a build whose client is gone. Check the engine on the Engine page, then build again.',
    );
  });
});
