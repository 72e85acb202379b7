import { describe, expect, it } from 'vitest';
import { attachedExitCode, oneShotDependencies, type ExitedContainer } from './attached-exit.js';

const since = Date.parse('2026-12-06T23:00:00Z');
const c = (service: string, state: string, exitCode?: number, finishedAt?: string, number = 1): ExitedContainer => ({
  service,
  number,
  name: `p-${service}-${number}`,
  state,
  ...(exitCode !== undefined ? { exitCode } : {}),
  ...(finishedAt ? { finishedAt } : {}),
});

describe('the exit code of an attached up that aborts', () => {
  it('takes the first container to exit by itself since up began', () => {
    const after = [
      c('web', 'exited', 137, '2026-12-06T23:00:09Z'),
      c('test', 'exited', 3, '2026-12-06T23:00:05.5Z'),
      c('db', 'exited', 143, '2026-12-06T23:00:09.1Z'),
    ];
    expect(attachedExitCode(after, { sinceMs: since, ignore: [] })).toEqual({ code: 3, because: 'p-test-1 exited first, with code 3.' });
  });

  it('leaves out exits from before up and those of one-shot dependencies', () => {
    const after = [
      c('old', 'exited', 9, '2026-12-06T22:59:00Z'),
      c('migrate', 'exited', 0, '2026-12-06T23:00:01Z'),
      c('web', 'exited', 2, '2026-12-06T23:00:04Z'),
    ];
    expect(attachedExitCode(after, { sinceMs: since, ignore: ['migrate'] }).code).toBe(2);
    expect(attachedExitCode([c('web', 'running')], { sinceMs: since, ignore: [] })).toEqual({ code: 0, because: 'No container exited by itself.' });
  });

  it('with --exit-code-from, takes that service’s first container’s code, even when another exited first', () => {
    const after = [
      c('test', 'exited', 5, '2026-12-06T23:00:03Z', 2),
      c('test', 'exited', 4, '2026-12-06T23:00:06Z', 1),
      c('web', 'exited', 1, '2026-12-06T23:00:02Z'),
    ];
    expect(attachedExitCode(after, { exitCodeFrom: 'test', sinceMs: since, ignore: [] })).toEqual({ code: 4, because: 'p-test-1 exited with code 4.' });
    expect(attachedExitCode(after, { exitCodeFrom: 'web', sinceMs: since, ignore: [] }).code).toBe(1);
    expect(attachedExitCode([c('test', 'running')], { exitCodeFrom: 'test', sinceMs: since, ignore: [] })).toEqual({
      code: 1,
      because: 'p-test-1 did not exit (it is running).',
    });
    expect(attachedExitCode([], { exitCodeFrom: 'test', sinceMs: since, ignore: [] }).code).toBe(1);
  });

  it('knows the one-shot services others wait to complete', () => {
    const plan = [
      {
        name: 'api',
        dependsOn: [
          { service: 'migrate', condition: 'service_completed_successfully' },
          { service: 'db', condition: 'service_healthy' },
        ],
      },
      { name: 'web', dependsOn: [{ service: 'api', condition: 'service_started' }] },
      { name: 'db', dependsOn: [] },
    ];
    expect(oneShotDependencies(plan)).toEqual(['migrate']);
  });
});
