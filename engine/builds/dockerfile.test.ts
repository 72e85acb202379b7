import { describe, expect, it } from 'vitest';
import { DockerfileError, flagValue, parseDockerfile, parseInstructions, stagesFor, variablesUsed } from './dockerfile.js';

const GO_STYLE = `# syntax=docker/dockerfile:1
ARG BASE=berth-test/busybox:latest
FROM \${BASE} AS deps
RUN --mount=type=cache,target=/root/.cache \\
    echo fetching deps && \\
    # a comment inside a continuation
    touch /deps

FROM deps AS build
ARG VERSION=dev
COPY . /src
RUN echo "building $VERSION" > /app

FROM berth-test/busybox:latest AS test
COPY --from=build /app /app
RUN test -f /app

FROM berth-test/busybox:latest AS final
LABEL version=\${VERSION}
COPY --from=build /app /usr/local/bin/app
RUN <<EOF
echo one
echo two
EOF
CMD ["app"]
`;

describe('Dockerfile reading', () => {
  it('reads instructions with their lines, joining continuations and skipping comments inside them', () => {
    const ins = parseInstructions(GO_STYLE);
    expect(ins.map((i) => [i.keyword, i.line])).toEqual([
      ['ARG', 2],
      ['FROM', 3],
      ['RUN', 4],
      ['FROM', 9],
      ['ARG', 10],
      ['COPY', 11],
      ['RUN', 12],
      ['FROM', 14],
      ['COPY', 15],
      ['RUN', 16],
      ['FROM', 18],
      ['LABEL', 19],
      ['COPY', 20],
      ['RUN', 21],
      ['CMD', 25],
    ]);
    expect(ins[2]!.endLine).toBe(7);
    expect(ins[2]!.text).toBe('RUN --mount=type=cache,target=/root/.cache     echo fetching deps &&     touch /deps');
    expect(ins[13]!.args).toBe('<<EOF\necho one\necho two\nEOF');
  });

  it('finds stages, their bases and what they copy from, and the stages a target needs', () => {
    const df = parseDockerfile(GO_STYLE);
    expect(df.globalArgs).toEqual(['BASE']);
    expect(df.stages.map((s) => [s.index, s.name, s.base, s.baseStage, s.needs])).toEqual([
      [0, 'deps', '${BASE}', undefined, []],
      [1, 'build', 'deps', 0, [0]],
      [2, 'test', 'berth-test/busybox:latest', undefined, [1]],
      [3, 'final', 'berth-test/busybox:latest', undefined, [1]],
    ]);
    expect([...stagesFor(df)].sort()).toEqual([0, 1, 3]);
    expect([...stagesFor(df, 'TEST')].sort()).toEqual([0, 1, 2]);
    expect(() => stagesFor(df, 'nope')).toThrow('There is no stage named nope (stages: deps, build, test, final).');
  });

  it('follows RUN --mount=…,from= and COPY --from by index', () => {
    const df = parseDockerfile('FROM a AS one\nFROM b\nRUN --mount=type=bind,from=one,target=/x true\nFROM c\nCOPY --from=1 /y /y\n');
    expect(df.stages.map((s) => s.needs)).toEqual([[], [0], [1]]);
  });

  it('honours the escape directive', () => {
    const ins = parseInstructions('# escape=`\nFROM x\nRUN echo a `\n  b\n');
    expect(ins[1]!.text).toBe('RUN echo a   b');
    expect(ins[1]!.endLine).toBe(4);
  });

  it('says what is wrong, at its line', () => {
    expect(() => parseDockerfile('RUN x\nFROM y')).toThrow(
      new DockerfileError('RUN comes before any FROM: a Dockerfile starts with FROM (only ARG may come first).', 1),
    );
    expect(() => parseDockerfile('FROMM busybox')).toThrow(new DockerfileError('FROMM is not a Dockerfile instruction: did you mean FROM?', 1));
    expect(() => parseDockerfile('FROM x\nCOPPY \\\n  a b\nBUILD x')).toThrow(
      expect.objectContaining({ message: 'COPPY is not a Dockerfile instruction: did you mean COPY?', line: 2, endLine: 3 }),
    );
    expect(() => parseDockerfile('FROM x\nfrobnicate y')).toThrow('FROBNICATE is not a Dockerfile instruction.');
    expect(() => parseDockerfile('FROM a AS x\nFROM b AS X\n')).toThrow('Two stages are named x.');
    expect(() => parseDockerfile('# nothing\n')).toThrow('This Dockerfile has no FROM.');
    let line = 0;
    try {
      parseDockerfile('FROM a\nFROM b c\n');
    } catch (err) {
      line = (err as DockerfileError).line;
    }
    expect(line).toBe(2);
  });

  it('knows which variables an instruction uses, and reads flags', () => {
    expect(variablesUsed('version=${VERSION:-dev} other=$OTHER $$')).toEqual(['VERSION', 'OTHER']);
    expect(flagValue('--from=build --chown=1:1 /a /b', 'from')).toBe('build');
    expect(flagValue('/a /b', 'from')).toBeUndefined();
  });
});

describe('steps as BuildKit numbers them', () => {
  it('finds the instruction of "[build 2/3]", not counting ARG, ENV or LABEL', async () => {
    const { stepInstruction } = await import('./dockerfile.js');
    const df = parseDockerfile(
      'FROM a AS build\nARG V\nENV X=1\nCOPY . /src\nLABEL l=1\nRUN make\nFROM b\nWORKDIR /app\nCOPY --from=build /out /app\nFROM build AS more\nRUN more\n',
    );
    // A stage on a stage starts at its first instruction after FROM.
    expect(stepInstruction(df, { stage: 'more', index: 1 })?.text).toBe('RUN more');
    expect(stepInstruction(df, { stage: 'build', index: 2 })?.text).toBe('COPY . /src');
    expect(stepInstruction(df, { stage: 'build', index: 3 })?.line).toBe(6);
    expect(stepInstruction(df, { stage: 'stage-1', index: 3 })?.text).toBe('COPY --from=build /out /app');
    expect(stepInstruction(df, { stage: 'stage-1', index: 2 })?.text).toBe('WORKDIR /app');
    expect(stepInstruction(df, { stage: 'build', index: 9 })).toBeUndefined();
  });

  it('counts no FROM step for a scratch stage, as BuildKit names its COPY "[1/1]"', async () => {
    const { stepInstruction } = await import('./dockerfile.js');
    const df = parseDockerfile('FROM scratch\nCOPY sub/one.txt /one.txt\n');
    expect(stepInstruction(df, { index: 1 })).toMatchObject({ text: 'COPY sub/one.txt /one.txt', line: 2 });
    const two = parseDockerfile('FROM busybox AS b\nRUN true\nFROM SCRATCH\nCOPY --from=b /bin/sh /sh\n');
    expect(stepInstruction(two, { stage: 'stage-1', index: 1 })?.line).toBe(4);
    expect(stepInstruction(two, { stage: 'b', index: 1 })?.text).toBe('FROM busybox AS b');
  });
});
