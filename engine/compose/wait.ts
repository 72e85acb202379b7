/**
 * Waiting on a container for a `depends_on` condition: healthy (its healthcheck says so) or completed (it
 * exited; with code 0 for success). The engine's events for that container wake the check, and the container
 * is inspected once after subscribing, so a state reached before the subscription is not missed.
 */
import type Docker from 'dockerode';
import { RpcError } from '../rpc/protocol.js';

/** What the container's state says about the wait: still waiting, reached, or a sentence why it never will. */
export function judge(info: Docker.ContainerInspectInfo, want: 'healthy' | 'exited', name: string): 'wait' | 'ok' | string {
  const s = info.State;
  if (want === 'exited') {
    if (s.Running || s.Restarting || s.Status === 'created') return 'wait';
    return s.ExitCode === 0 ? 'ok' : `${name} exited with code ${s.ExitCode}`;
  }
  const health = (s as { Health?: { Status?: string; Log?: Array<{ Output?: string }> } }).Health;
  if (!health?.Status) return `${name} has no healthcheck, so it can never be healthy: give its service a healthcheck, or depend on it with service_started`;
  if (health.Status === 'healthy') return 'ok';
  if (health.Status === 'unhealthy') {
    const last = health.Log?.at(-1)?.Output?.trim();
    return `${name} is unhealthy${last ? ` (its healthcheck said: ${last.slice(0, 200)})` : ''}`;
  }
  if (!s.Running && !s.Restarting) return `${name} stopped (exit code ${s.ExitCode}) before it was healthy`;
  return 'wait';
}

/** Resolve when the container reaches `want`; reject with the reason when it cannot, or when `signal` aborts. */
export async function waitForContainer(docker: Docker, id: string, name: string, want: 'healthy' | 'exited', signal: AbortSignal): Promise<void> {
  const events = (await docker.getEvents({ filters: { type: ['container'], container: [id] } })) as NodeJS.ReadableStream & { destroy(): void };
  try {
    await new Promise<void>((resolve, reject) => {
      let checking = false;
      let again = false;
      const check = async () => {
        if (checking) {
          again = true;
          return;
        }
        checking = true;
        try {
          do {
            again = false;
            const verdict = judge(await docker.getContainer(id).inspect(), want, name);
            if (verdict === 'ok') return resolve();
            if (verdict !== 'wait') return reject(new RpcError('engine', verdict));
          } while (again);
        } catch (err) {
          reject(new RpcError('engine', `${name} could not be inspected while waiting for it: ${(err as Error).message}`));
        } finally {
          checking = false;
        }
      };
      const onAbort = () => reject(new RpcError('cancelled', `Stopped waiting for ${name}: up was cancelled.`));
      signal.addEventListener('abort', onAbort, { once: true });
      events.on('data', () => void check());
      events.on('error', (err: Error) => reject(new RpcError('engine', `The engine's events stopped while waiting for ${name}: ${err.message}`)));
      void check();
    });
  } finally {
    events.destroy();
  }
}
