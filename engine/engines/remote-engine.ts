/**
 * An engine of the Engines list as the feature services see it (an EngineClient):
 * its Docker client and a status. Berth does not run it, so it is "running" for as
 * long as it is in the list; a call to an engine that went away fails with the
 * engine's error, and its event stream reconnects with backoff (events.ts).
 */
import type Docker from 'dockerode';
import type { EngineStatus } from '../engine/contract.js';
import type { EngineClient } from '../engine/index.js';
import { RpcError } from '../rpc/protocol.js';
import type { EngineEndpoint } from './contract.js';

export class RemoteEngine implements EngineClient {
  private closed = false;
  private readonly listeners = new Set<(s: EngineStatus) => void>();

  constructor(
    readonly endpoint: EngineEndpoint,
    private readonly client: Docker,
    private readonly home: string,
  ) {}

  docker(): Docker {
    if (this.closed) {
      throw new RpcError('unavailable', `The engine "${this.endpoint.name}" was removed from the Engines list: choose another engine in the switcher.`);
    }
    return this.client;
  }

  status(): EngineStatus {
    return {
      mode: 'external',
      state: this.closed ? 'stopped' : 'running',
      dockerHost: this.endpoint.host,
      socket: this.endpoint.kind === 'unix' ? this.endpoint.host.slice('unix://'.length) : undefined,
      restarts: 0,
      home: this.home,
    };
  }

  subscribe(listener: (s: EngineStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Let go: the event stream stops, and calls fail with a sentence. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const s = this.status();
    for (const l of this.listeners) l(s);
  }
}
