/**
 * `up --abort-on-container-exit` and `--exit-code-from SERVICE`, as docker compose has them: an attached `up`
 * stops the project when one of its containers exits, and exits with that container's code — or, with
 * `--exit-code-from`, with the code of that service's container. One-shot services others wait for
 * (`service_completed_successfully`) are meant to exit: theirs does not count. Pure.
 */

/** A service of the plan, with what it waits for. */
interface PlannedService {
  readonly name: string;
  readonly dependsOn: ReadonlyArray<{ readonly service: string; readonly condition: string }>;
}

/** The services others wait to complete (`service_completed_successfully`): their exit is expected, not an abort. */
export function oneShotDependencies(services: readonly PlannedService[]): string[] {
  const out = new Set<string>();
  for (const s of services) for (const d of s.dependsOn) if (d.condition === 'service_completed_successfully') out.add(d.service);
  return [...out].sort();
}

/** A container of the project after the stop, as `compose.ps` has it. */
export interface ExitedContainer {
  readonly service: string;
  readonly number: number;
  readonly name: string;
  readonly state: string;
  readonly exitCode?: number;
  /** RFC 3339, when it has stopped. */
  readonly finishedAt?: string;
}

/** What an attached `up` exits with, and a sentence saying whose code it is. */
export interface AttachedExit {
  readonly code: number;
  readonly because: string;
}

/**
 * The exit code of an aborted attached `up`: with `exitCodeFrom`, that service's (first) container's; else the
 * code of the container that exited first since `sinceMs` (one-shot dependencies left out); 0 when none did.
 */
export function attachedExitCode(
  containers: readonly ExitedContainer[],
  opts: { readonly exitCodeFrom?: string; readonly sinceMs: number; readonly ignore: readonly string[] },
): AttachedExit {
  if (opts.exitCodeFrom !== undefined) {
    const mine = containers.filter((c) => c.service === opts.exitCodeFrom).sort((a, b) => a.number - b.number);
    const c = mine[0];
    if (!c) return { code: 1, because: `The service ${opts.exitCodeFrom} has no container to take an exit code from.` };
    if (c.exitCode === undefined || c.state === 'running') return { code: 1, because: `${c.name} did not exit (it is ${c.state}).` };
    return { code: c.exitCode, because: `${c.name} exited with code ${c.exitCode}.` };
  }
  const ignored = new Set(opts.ignore);
  const at = (c: ExitedContainer) => (c.finishedAt ? Date.parse(c.finishedAt) : NaN);
  const exited = containers
    .filter((c) => !ignored.has(c.service) && c.exitCode !== undefined && c.state !== 'running' && at(c) >= opts.sinceMs)
    .sort((a, b) => at(a) - at(b) || a.name.localeCompare(b.name));
  const first = exited[0];
  if (!first) return { code: 0, because: 'No container exited by itself.' };
  return { code: first.exitCode!, because: `${first.name} exited first, with code ${first.exitCode}.` };
}
