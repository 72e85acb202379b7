import { describe, expect, it } from 'vitest';
import { copiedPatterns, explainCache, reasonText, type ExplainableBuild } from './explain.js';
import { parseInstructions } from './dockerfile.js';

const DF = `FROM base AS build
ARG VERSION=dev
COPY go.mod go.sum /src/
RUN go mod download
COPY cmd/ /src/cmd/
RUN go build -ldflags "-X main.v=$VERSION" ./cmd/app
FROM base
COPY --from=build /app /app
`;

/** A build of DF: the steps that ran (state per step), with the context and args it had. */
function build(over: Partial<ExplainableBuild> & { states?: string[] } = {}): ExplainableBuild {
  const states = over.states ?? ['cached', 'cached', 'cached', 'cached', 'cached', 'cached'];
  const names = [
    'COPY go.mod go.sum /src/',
    'RUN go mod download',
    'COPY cmd/ /src/cmd/',
    'RUN go build -ldflags "-X main.v=1" ./cmd/app',
    'COPY --from=build /app /app',
  ];
  // BuildKit numbers the steps that make a vertex: FROM, RUN, COPY (ARG is metadata).
  const places: Array<[string | undefined, number]> = [
    ['build', 2],
    ['build', 3],
    ['build', 4],
    ['build', 5],
    [undefined, 2],
  ];
  return {
    dockerfileText: DF,
    buildArgs: { VERSION: '1' },
    noCache: false,
    contextHashes: { 'go.mod': 'a', 'go.sum': 'b', 'cmd/app/main.go': 'c', 'README.md': 'd' },
    steps: names.map((instruction, i) => ({
      ...(places[i]![0] ? { stage: places[i]![0] } : {}),
      index: places[i]![1],
      instruction,
      state: states[i] ?? 'cached',
    })),
    ...over,
  };
}

describe('the cache explainer', () => {
  it('says an unchanged rebuild was fully cached', () => {
    expect(explainCache(build(), build())).toEqual({ cached: 5, total: 5 });
  });

  it('names the copied file that changed, not the ones it does not copy', () => {
    const now = build({
      contextHashes: { 'go.mod': 'a', 'go.sum': 'b', 'cmd/app/main.go': 'CHANGED', 'README.md': 'also changed', 'cmd/app/new.go': 'n' },
      states: ['cached', 'cached', 'done', 'done', 'done'],
    });
    const e = explainCache(build(), now);
    expect(e.cached).toBe(2);
    expect(e.first).toEqual({
      stage: 'build',
      index: 4,
      instruction: 'COPY cmd/ /src/cmd/',
      line: 5,
      reason: { kind: 'files-changed', changed: ['cmd/app/main.go'], added: ['cmd/app/new.go'], removed: [] },
    });
    expect(reasonText(e.first!.reason)).toBe('Files it copies changed (changed: cmd/app/main.go; new: cmd/app/new.go).');
  });

  it('names a build arg the step uses', () => {
    const e = explainCache(build(), build({ buildArgs: { VERSION: '2' }, states: ['cached', 'cached', 'cached', 'done', 'done'] }));
    expect(e.first?.reason).toEqual({ kind: 'arg-changed', args: [{ name: 'VERSION', before: '1', after: '2' }] });
    expect(reasonText(e.first!.reason)).toBe('A build arg it uses changed: VERSION 1 → 2.');
  });

  it('shows an instruction that changed, and puts later steps down to the earlier rebuilt one', () => {
    const changed = DF.replace('RUN go mod download', 'RUN go mod download -x');
    const now = build({ dockerfileText: changed, states: ['cached', 'done', 'done', 'done', 'done'] });
    expect(explainCache(build(), now).first?.reason).toEqual({ kind: 'instruction-changed', before: 'RUN go mod download', after: 'RUN go mod download -x' });
    // Asked about the step after it, the answer is the earlier rebuilt step.
    const later = { ...now, steps: now.steps.map((s, i) => (i === 1 ? { ...s, state: 'done' } : s)) };
    expect(explainCache(build(), later).first?.instruction).toBe('RUN go mod download');
  });

  it('says when no-cache was set, a step is new, or nothing changed', () => {
    expect(explainCache(build(), build({ noCache: true, states: ['done'] })).first?.reason).toEqual({ kind: 'no-cache' });
    const longer = DF.replace('FROM base\n', 'RUN extra\nFROM base\n');
    const now = {
      ...build({ dockerfileText: longer }),
      steps: [...build().steps.slice(0, 4), { stage: 'build', index: 6, instruction: 'RUN extra', state: 'done' }],
    };
    expect(explainCache(build(), now).first?.reason).toEqual({ kind: 'new-step' });
    expect(explainCache(build(), build({ states: ['done'] })).first?.reason).toEqual({ kind: 'not-in-cache' });
  });

  it('reads what a COPY takes from the context', () => {
    const ins = (t: string) => parseInstructions(`FROM x\n${t}\n`)[1]!;
    expect(copiedPatterns(ins('COPY --from=build /a /b'))).toBeUndefined();
    expect(copiedPatterns(ins('RUN echo'))).toBeUndefined();
    const [a, b] = copiedPatterns(ins('COPY --chown=1:1 *.json src /app/'))!;
    expect(a!.test('package.json')).toBe(true);
    expect(a!.test('sub/package.json')).toBe(false);
    expect(b!.test('src/index.js')).toBe(true);
    expect(copiedPatterns(ins('COPY ["a b.txt", "/dst/"]'))![0]!.test('a b.txt')).toBe(true);
    expect(copiedPatterns(ins('COPY . /app'))![0]!.test('anything/at/all')).toBe(true);
  });
});
