/**
 * What a feature service needs of an engine: its Docker client and its status. Berth's own
 * engine (the supervisor) is one; every other engine of the Engines list is another
 * (engine/engines/remote-engine.ts), so the same services work against any of them.
 */
import type Docker from 'dockerode';
import type { EngineStatus } from './contract.js';

export interface EngineClient {
  /** The Docker client, or an error saying why there is none now. */
  docker(): Docker;
  status(): EngineStatus;
  /** Listen to every status change; returns the unsubscribe function. */
  subscribe(listener: (s: EngineStatus) => void): () => void;
}
