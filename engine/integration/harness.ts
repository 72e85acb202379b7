/** Helpers for integration tests: a private Berth home, the real CLI, the real docker CLI. */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { dockerCli, runBerth } from '../../e2e/fixtures/berth.js';
import { importBusybox } from '../../e2e/fixtures/images.js';
import { connectBackend } from '../backend/launch.js';
import type { ContainerSummary, StackDeployEvent, StackDeployInput } from '../contract/index.js';
import type { RpcClient, Subscription } from '../rpc/client.js';

const homes: string[] = [];

/** A fresh, short Berth home (socket paths must stay short); removed by removeHomes(). */
export function tempHome(tag: string): string {
  const home = mkdtempSync(join('/tmp', `bt-${tag}-`));
  homes.push(home);
  return home;
}

/** Stop every engine of the temp homes and delete them. */
export async function removeHomes(): Promise<void> {
  for (const home of homes.splice(0)) {
    const down = await runBerth(home, ['engine', 'down']);
    if (down.code === 0) rmSync(home, { recursive: true, force: true });
  }
}

/** Run `berth <args>` for a home, as a user would. */
export const berth = runBerth;

/** The docker CLI against a given engine. */
export const docker = (dockerHost: string, args: string[]) => dockerCli(args, dockerHost);

export async function client(home: string): Promise<RpcClient> {
  const c = await connectBackend(home);
  if (!c) throw new Error(`no backend for ${home}`);
  return c;
}

/**
 * Bring up the engine of `home` with the busybox test image, and connect to its backend (the start of most suites).
 * `env` goes to the backend it starts (e.g. a HOME of the test's own, for ~/.ssh).
 */
export async function startTestEngine(home: string, env: NodeJS.ProcessEnv = {}): Promise<{ dockerHost: string; rpc: RpcClient }> {
  const up = await berth(home, ['engine', 'up'], env);
  if (up.code !== 0) throw new Error(`engine up failed: ${up.stderr}`);
  const dockerHost = up.stdout.trim().replace(/^DOCKER_HOST=/, '');
  await importBusybox(dockerHost);
  return { dockerHost, rpc: await client(home) };
}

/** Poll a condition (for tests only: the product never polls lists). */
export async function eventually<T>(fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Deploy a stack through `stacks.deploy` on `rpc`'s engine: the events it sent, or the sentence it ended with. */
export function deployStack(rpc: RpcClient, input: StackDeployInput): Promise<{ events: StackDeployEvent[]; error?: string }> {
  return new Promise((resolve) => {
    const events: StackDeployEvent[] = [];
    rpc.stream('stacks.deploy', input, {
      next: (e) => events.push(e),
      end: (err) => resolve({ events, ...(err ? { error: err.message } : {}) }),
    });
  });
}

/** Follow `containers.watch` into `rows` (id → row), as the stream's deltas say: snapshot pieces, upserts, removals. */
export function watchRows(rpc: RpcClient, rows: Map<string, ContainerSummary>): Subscription {
  return rpc.stream(
    'containers.watch',
    {},
    {
      next: (d) => {
        if (d.kind === 'snapshot-begin') rows.clear();
        else if (d.kind === 'snapshot-rows') for (const c of d.containers) rows.set(c.id, c);
        else if (d.kind === 'upsert') rows.set(d.container.id, d.container);
        else if (d.kind === 'remove') rows.delete(d.id);
      },
    },
  );
}
