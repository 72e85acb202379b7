/** The backend's part of the contract: who answers, and handing over to a newer backend. */
import { call, none, type MethodDef } from '../contract/types.js';

/** Who answers on the other end of the RPC connection. */
export interface BackendHello {
  readonly app: 'berth';
  readonly version: string;
  readonly pid: number;
  readonly home: string;
  readonly platform: string;
}

export const backendContract = {
  'backend.hello': call<BackendHello>()(none),
  /** Internal: exit soon after answering, leaving the engine running for the next backend to take over (a newer Berth replaces this one). */
  'backend.handover': call<{ pid: number }>()(none),
} as const satisfies Record<string, MethodDef>;
